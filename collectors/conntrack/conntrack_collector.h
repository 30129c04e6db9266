#pragma once

#include <memory>

#include "collectors/core/collector.h"
#include "collectors/core/collector_definition.h"
#include "collectors/core/failure_log.h"
#include "sources/conntrack/conntrack_source.h"

namespace portwatch {

/// Collector `conntrack` (Linux): the conntrack table's fill (entries,
/// limit, buckets) and the kernel's counters (insert_failed, drop, ...)
/// summed over the CPUs. Publishes nothing, and succeeds, where conntrack
/// is not in use. Borrows the source.
class ConntrackCollector : public Collector {
 public:
  explicit ConntrackCollector(ConntrackSource& source) : source_(source) {}
  void Collect(std::vector<prometheus::MetricFamily>& out) override;

 private:
  ConntrackSource& source_;
  /// Why ctnetlink is not used (logged once per reason, at info: the
  /// procfs counters are the same numbers) ...
  FailureLog netlink_log_{spdlog::level::info,
                          "conntrack counters read from procfs, not netlink",
                          "conntrack counters read over netlink again",
                          {{"collector", "conntrack"}}};
  /// ... and why no counters can be read at all (warn).
  FailureLog counters_log_{spdlog::level::warn,
                           "conntrack counters unavailable; publishing the "
                           "table's fill only",
                           "conntrack counters readable again",
                           {{"collector", "conntrack"}}};
};

/// Registers collector `conntrack` (on by default; no flags yet).
CollectorDefinition ConntrackCollectorDefinition();

}  // namespace portwatch
