#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>

#include "collectors/core/collector.h"
#include "collectors/core/collector_definition.h"
#include "collectors/core/failure_log.h"
#include "collectors/tcp/tcp_metrics.h"
#include "sources/port_range/port_range_source.h"
#include "sources/sockets/socket_source.h"

namespace portwatch {

/// Settings of the `tcp` collector (its --collector.tcp.* flags).
struct TcpCollectorConfig {
  std::size_t top_endpoints = 20;
  std::size_t top_destinations = 20;
  /// Cap on distinct keys per per-scrape table (endpoints, destinations).
  std::size_t max_tracked_keys = 100000;
};

/// Collector `tcp`: reads the socket table once per scrape and publishes
/// per-state counts, ephemeral port use, TIME_WAIT per remote endpoint,
/// per-destination use and the utilization ratios. Borrows both sources.
class TcpCollector : public Collector {
 public:
  TcpCollector(SocketSource& sockets, PortRangeSource& ranges,
               TcpCollectorConfig config)
      : sockets_(sockets), ranges_(ranges), config_(config) {}
  void Collect(std::vector<prometheus::MetricFamily>& out) override;

 private:
  /// Both families' ranges, or nullopt (logged once per change) when they
  /// cannot be read: then only the range-free families are published
  /// (TIME_WAIT per endpoint needs the range too: only sockets on ephemeral
  /// ports count); the portrange collector reports the failure.
  std::optional<AddressFamilyRanges> ReadRanges();

  SocketSource& sockets_;
  PortRangeSource& ranges_;
  TcpCollectorConfig config_;
  FailureLog range_failures_{
      spdlog::level::warn,
      "port range unavailable; publishing only what does not need it",
      "port range readable again",
      {{"collector", "tcp"}}};
};

/// Registers collector `tcp` and its flags, which store into `config`
/// (shared with the collector the definition makes).
CollectorDefinition TcpCollectorDefinition(
    std::shared_ptr<TcpCollectorConfig> config =
        std::make_shared<TcpCollectorConfig>());

/// Declares this platform's --collector.tcp.* flags that say how the socket
/// table is read (tcp_source_flags_<os>.cpp), storing into `sources`.
void DeclareTcpSourceFlags(FlagSet& flags, SourceOptions& sources);

}  // namespace portwatch
