#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/address.h"
#include "collectors/core/top_k.h"
#include "prometheus/metric_family.h"
#include "sources/process/process_source.h"
#include "sources/sockets/tcp_state.h"

namespace portwatch {

/// Sockets on usable ephemeral ports per address family and state.
class SocketTally {
 public:
  void Add(AddressFamily family, TcpState state, std::uint64_t count = 1) {
    counts_[Index(family, state)] += count;
    total_ += count;
  }
  std::uint64_t count(AddressFamily family, TcpState state) const {
    return counts_[Index(family, state)];
  }
  std::uint64_t total() const { return total_; }

 private:
  static std::size_t Index(AddressFamily family, TcpState state) {
    return static_cast<std::size_t>(family) * kTcpStateCount +
           TcpStateIndex(state);
  }
  std::array<std::uint64_t, kAddressFamilyCount * kTcpStateCount> counts_{};
  std::uint64_t total_ = 0;
};

/// One process's sockets on usable ephemeral ports.
struct ProcessTally {
  std::uint32_t pid = 0;
  SocketTally sockets;
};

/// Orders processes by sockets on usable ephemeral ports, most first
/// (equal totals: lower pid first).
struct MoreSockets {
  bool operator()(const ProcessTally& a, const ProcessTally& b) const;
};

/// Keeps the `k` processes with most sockets on usable ephemeral ports;
/// processes with none are not offered. Memory is bounded by `k`, not by
/// the number of processes offered.
class TopProcesses {
 public:
  explicit TopProcesses(std::size_t k) : best_(k) {}
  void Offer(const ProcessTally& process) {
    if (process.sockets.total() != 0) best_.Offer(process);
  }
  /// The kept processes, most sockets first.
  std::vector<ProcessTally> Sorted() const { return best_.Sorted(); }

 private:
  BestK<ProcessTally, MoreSockets> best_;
};

/// Which sockets the tallies count.
enum class TalliedSockets {
  kEphemeral,  // on usable ephemeral ports (the port range is known)
  kAll,        // every socket: the port range could not be read
};

/// The families of collector `process`: sockets per top process (with its
/// identity; only non-zero family/state pairs), and those no process owns;
/// named portwatch_process_[unowned_]ephemeral_sockets, or
/// portwatch_process_[unowned_]sockets when they count every socket.
std::vector<prometheus::MetricFamily> ProcessMetricFamilies(
    const std::vector<ProcessTally>& top,
    const std::vector<ProcessIdentity>& identities, const SocketTally& unowned,
    TalliedSockets tallied = TalliedSockets::kEphemeral);

}  // namespace portwatch
