#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "collectors/connect_failures/connect_failure_tally.h"
#include "collectors/core/collector.h"
#include "collectors/core/collector_definition.h"
#include "collectors/core/failure_log.h"
#include "collectors/core/metric_builder.h"
#include "sources/connect_failures/connect_failure_source.h"
#include "sources/netns/netns_source.h"

namespace portwatch {

/// Settings of collector `connect_failures` (its
/// --collector.connect_failures.* flags).
struct ConnectFailuresConfig {
  std::size_t top_destinations = 10;
  std::size_t top_processes = 10;
  std::size_t top_namespaces = 10;
  bool record_pid = false;
  std::size_t map_entries = 10240;       // kernel map, keys between scrapes
  std::size_t max_tracked_keys = 10000;  // per breakdown, in the exporter
};

/// Collector `connect_failures`: TCP port-allocation failures counted in
/// the kernel as they happen (connect() EADDRNOTAVAIL for want of a local
/// port, bind() to port 0 EADDRINUSE), the Linux counterpart of Windows'
/// Tcpip events 4231: totals per family and operation, and the busiest
/// destinations, processes and network namespaces (pod labels from
/// `namespaces` when it can list them).
class ConnectFailuresCollector : public Collector {
 public:
  /// Starts `source`; a failure to start is what every Collect() reports.
  /// `clock` gives monotonic seconds.
  ConnectFailuresCollector(ConnectFailureSource& source,
                           NetnsSource* namespaces,
                           ConnectFailuresConfig config,
                           std::function<double()> clock);
  void Collect(std::vector<prometheus::MetricFamily>& out) override;

 private:
  void AddNamespaceFamily(std::vector<prometheus::MetricFamily>& out,
                          double now);
  /// Looks up the name, container and pod of the `top` namespaces.
  void RefreshIdentities(
      const std::vector<std::pair<std::uint32_t, std::uint64_t>>& top);

  ConnectFailureSource& source_;
  NetnsSource* namespaces_;
  ConnectFailuresConfig config_;
  std::function<double()> clock_;
  std::optional<std::string> start_error_;
  ConnectFailureTally tally_;
  /// Labels of the namespaces last in the top K (NamespaceLabels; the
  /// inode only where the namespace was not listed).
  std::map<std::uint32_t, std::vector<Label>> identities_;
  FailureLog identity_log_{spdlog::level::info,
                           "cannot list network namespaces; failures per "
                           "namespace carry the inode only",
                           "network namespaces listed again",
                           {{"collector", "connect_failures"}}};
};

/// Registers collector `connect_failures` (Linux, off by default) and its
/// flags.
CollectorDefinition ConnectFailuresCollectorDefinition();

}  // namespace portwatch
