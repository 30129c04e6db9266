#include "collectors/process/socket_inode_table.h"

#include <algorithm>

namespace portwatch {

void SocketInodeTable::Clear() {
  entries_.clear();
  without_inode_ = SocketTally{};
  untracked_ = 0;
  ranges_ = {};
}

void SocketInodeTable::OnSocket(const SocketRow& row) {
  const EphemeralPortRange* range =
      ranges_[static_cast<std::size_t>(row.family)];
  if (!range || !range->IsUsable(row.local_port)) return;
  if (row.inode == 0) {
    without_inode_.Add(row.family, row.state);
  } else if (entries_.size() < max_sockets_) {
    entries_.push_back({row.inode, static_cast<std::uint8_t>(row.family),
                        static_cast<std::uint8_t>(TcpStateIndex(row.state)),
                        false});
  } else {
    ++untracked_;
  }
}

void SocketInodeTable::Seal() {
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& a, const Entry& b) { return a.inode < b.inode; });
}

void SocketInodeTable::Claim(std::uint32_t inode, SocketTally& tally) {
  auto found = std::lower_bound(
      entries_.begin(), entries_.end(), inode,
      [](const Entry& entry, std::uint32_t key) { return entry.inode < key; });
  if (found == entries_.end() || found->inode != inode) return;
  found->owned = true;
  tally.Add(static_cast<AddressFamily>(found->family),
            TcpStateAt(found->state));
}

SocketTally SocketInodeTable::Unowned() const {
  SocketTally unowned = without_inode_;
  for (const Entry& entry : entries_) {
    if (!entry.owned) {
      unowned.Add(static_cast<AddressFamily>(entry.family),
                  TcpStateAt(entry.state));
    }
  }
  return unowned;
}

}  // namespace portwatch
