#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace portwatch {

/// The conntrack statistics the kernel keeps per CPU and the exporter sums,
/// in the order they are published, as `conntrack -S` names them
/// (/proc/net/stat/nf_conntrack calls kError "icmp_error", kClashResolve
/// "clashres" and kChainTooLong "chainlength").
enum class ConntrackCounter : std::size_t {
  kFound,
  kInvalid,
  kInsert,
  kInsertFailed,
  kDrop,
  kEarlyDrop,
  kError,
  kSearchRestart,
  kClashResolve,
  kChainTooLong,
};

inline constexpr std::size_t kConntrackCounterCount = 10;

/// What one read of a network namespace's conntrack statistics found.
struct ConntrackStats {
  /// Per-CPU counters summed; a counter the kernel does not report (older
  /// kernels lack clash_resolve and chaintoolong) is nullopt.
  std::array<std::optional<std::uint64_t>, kConntrackCounterCount> counters;
  std::optional<std::uint64_t> entries;      // nf_conntrack_count
  std::optional<std::uint64_t> max_entries;  // nf_conntrack_max
  std::optional<std::uint64_t> buckets;      // nf_conntrack_buckets

  std::optional<std::uint64_t>& operator[](ConntrackCounter counter) {
    return counters[static_cast<std::size_t>(counter)];
  }
  const std::optional<std::uint64_t>& operator[](
      ConntrackCounter counter) const {
    return counters[static_cast<std::size_t>(counter)];
  }
};

}  // namespace portwatch
