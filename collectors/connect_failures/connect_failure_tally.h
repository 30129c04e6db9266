#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>

#include "collectors/core/ranked_counters.h"
#include "sources/connect_failures/connect_failure_source.h"

namespace portwatch {

/// A destination that ran out of ports: per namespace, since each has its
/// own ports.
struct FailureDestination {
  std::uint32_t netns = 0;
  AddressFamily family = AddressFamily::kIpv4;
  IpAddress address;
  std::uint16_t port = 0;

  bool operator<(const FailureDestination& other) const {
    return std::tie(netns, family, address, port) <
           std::tie(other.netns, other.family, other.address, other.port);
  }
};

/// A process that failed to get a port (pid 0 unless pids are recorded).
struct FailureProcess {
  std::uint32_t netns = 0;
  std::string name;
  std::uint32_t pid = 0;

  bool operator<(const FailureProcess& other) const {
    return std::tie(netns, name, pid) <
           std::tie(other.netns, other.name, other.pid);
  }
};

/// Bounds of the user-space tables.
struct ConnectFailureTallyLimits {
  std::size_t max_tracked_keys = 10000;  // per breakdown
  double half_life_seconds = 300;        // of the ranking's activity score
};

/// The exporter's counts of port-allocation failures, accumulated from the
/// source's drains: totals per operation and family that only grow (also
/// across program reloads, which restart the kernel's totals), and
/// breakdowns by destination (connect only), process and namespace. What
/// the kernel's bounded map lost before a drain (totals minus what was
/// drained) and what the tables forget beyond their capacity goes to each
/// breakdown's Other(), so every breakdown's keys plus Other() add up to
/// the totals it covers.
class ConnectFailureTally : private ConnectFailureVisitor {
 public:
  explicit ConnectFailureTally(ConnectFailureTallyLimits limits = {});

  /// Drains `source` into the tally at time `now` (seconds, monotonic).
  /// Throws what the source throws; what was drained before still counts.
  void DrainFrom(ConnectFailureSource& source, double now);

  std::uint64_t Total(PortOperation operation, AddressFamily family) const {
    return totals_[Slot(operation, family)];
  }
  const RankedCounters<FailureDestination>& destinations() const {
    return destinations_;
  }
  const RankedCounters<FailureProcess>& processes() const { return processes_; }
  const RankedCounters<std::uint32_t>& namespaces() const {
    return namespaces_;
  }

 private:
  void OnTotals(const ConnectFailureTotals& totals,
                std::uint64_t generation) override;
  void OnFailures(const ConnectFailureKey& key, std::uint64_t count) override;
  /// Books what the totals counted and no key did as lost, then trims.
  void Settle();

  static constexpr std::size_t kSlots =
      kPortOperationCount * kAddressFamilyCount;
  static std::size_t Slot(PortOperation operation, AddressFamily family) {
    return static_cast<std::size_t>(operation) * kAddressFamilyCount +
           static_cast<std::size_t>(family);
  }

  double now_ = 0;
  std::uint64_t generation_ = 0;
  std::array<std::uint64_t, kSlots> kernel_totals_{};  // as last read
  std::array<std::uint64_t, kSlots> totals_{};         // accumulated
  std::array<std::uint64_t, kSlots> attributed_{};     // drained per key
  std::array<std::uint64_t, kSlots> lost_{};           // totals - attributed
  RankedCounters<FailureDestination> destinations_;
  RankedCounters<FailureProcess> processes_;
  RankedCounters<std::uint32_t> namespaces_;
};

}  // namespace portwatch
