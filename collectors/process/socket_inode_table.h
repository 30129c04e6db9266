#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "collectors/process/process_ranking.h"
#include "sources/port_range/port_range_source.h"
#include "sources/sockets/socket_source.h"

namespace portwatch {

/// The sockets on usable ephemeral ports of one or more socket tables, by
/// inode, for matching against the inodes processes hold (Linux). Sockets
/// without an inode (TIME_WAIT) go straight to the unowned tally. Holds at
/// most `max_sockets` entries of 8 bytes; sockets beyond that are counted
/// as untracked. Reused from scrape to scrape (Clear keeps the memory).
class SocketInodeTable : public SocketVisitor {
 public:
  explicit SocketInodeTable(std::size_t max_sockets)
      : max_sockets_(max_sockets) {}

  /// Starts a scrape.
  void Clear();
  /// The ranges that define "ephemeral" for the rows visited next (each
  /// network namespace has its own); must outlive those visits.
  void SetRanges(const AddressFamilyRangePointers& ranges) { ranges_ = ranges; }
  void OnSocket(const SocketRow& row) override;
  /// Ends the dumps; call before Claim.
  void Seal();

  /// Adds socket `inode` to `tally` if it is in the table, and marks it
  /// owned. A socket shared by several processes counts for each.
  void Claim(std::uint32_t inode, SocketTally& tally);

  /// Sockets no Claim matched, and those without an inode.
  SocketTally Unowned() const;
  /// Sockets on ephemeral ports left out because the table was full.
  std::uint64_t untracked() const { return untracked_; }

 private:
  /// One socket: its inode, family and state.
  struct Entry {
    std::uint32_t inode;
    std::uint8_t family;
    std::uint8_t state;
    bool owned;
  };

  std::size_t max_sockets_;
  AddressFamilyRangePointers ranges_{};
  std::vector<Entry> entries_;
  SocketTally without_inode_;
  std::uint64_t untracked_ = 0;
};

}  // namespace portwatch
