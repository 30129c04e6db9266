#pragma once

#include <optional>
#include <string>

#include "sources/conntrack/conntrack_stats.h"

namespace portwatch {

/// One read of a network namespace's conntrack table statistics.
struct ConntrackReading {
  ConntrackStats stats;
  /// Where the counters came from: "netlink" (ctnetlink) or "procfs"
  /// (/proc/net/stat/nf_conntrack); empty when neither could be read.
  std::string counters_source;
  /// Why ctnetlink was not used (no CAP_NET_ADMIN, its module not loaded),
  /// or why no counters could be read at all; empty when netlink was used.
  std::string netlink_unavailable;
};

/// The conntrack statistics of the namespace the exporter reads from (Linux:
/// conntrack_source_linux.cpp); a fake in tests.
class ConntrackSource {
 public:
  virtual ~ConntrackSource() = default;
  /// nullopt when conntrack is not in use there (nf_conntrack not loaded:
  /// no table to fill). Throws SourceError when it is in use but its
  /// statistics cannot be read.
  virtual std::optional<ConntrackReading> Read() = 0;
};

}  // namespace portwatch
