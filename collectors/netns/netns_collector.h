#pragma once

#include <cstddef>
#include <memory>

#include "collectors/core/collector.h"
#include "collectors/core/collector_definition.h"
#include "collectors/core/failure_log.h"
#include "sources/netns/netns_source.h"

namespace portwatch {

/// Settings of the `netns` collector (its --collector.netns.* flags).
struct NetnsCollectorConfig {
  /// Namespaces read per scrape (lowest inodes first; the host's is the
  /// lowest); the rest are counted as over_cap.
  std::size_t max_namespaces = 256;
  /// Namespaces, by peak utilization, whose detail (ephemeral sockets per
  /// state, TIME_WAIT endpoints, destinations) is published.
  std::size_t detail_namespaces = 10;
  std::size_t top_endpoints = 5;          // per detailed namespace
  std::size_t top_destinations = 5;       // per detailed namespace
  std::size_t max_tracked_keys = 100000;  // per namespace, as collector tcp
};

/// Collector `netns`: for every network namespace on the host (up to a
/// cap), what collectors `portrange` and `tcp` publish for the exporter's
/// own, computed from that namespace's sysctls and socket table in one
/// pass, as portwatch_netns_* with the namespace's labels (netns and,
/// where known, netns_name, container_id, pod_uid). Every namespace gets
/// its range, sockets per state, ports in use and utilization; the
/// busiest --collector.netns.detail-namespaces also their detail.
class NetnsCollector : public Collector {
 public:
  NetnsCollector(NetnsSource& source, NetnsCollectorConfig config)
      : source_(source), config_(config) {}
  void Collect(std::vector<prometheus::MetricFamily>& out) override;
  /// Reads namespaces until shortly before `deadline`; the ones not
  /// reached are counted as result="deadline".
  void CollectBy(std::vector<prometheus::MetricFamily>& out,
                 Deadline deadline) override;

 private:
  NetnsSource& source_;
  NetnsCollectorConfig config_;
  FailureLog over_cap_{spdlog::level::warn,
                       "more network namespaces than "
                       "--collector.netns.max-namespaces; not reading the rest",
                       "network namespaces within the cap again",
                       {{"collector", "netns"}}};
  FailureLog past_deadline_{spdlog::level::warn,
                            "network namespaces not reached before the "
                            "scrape deadline; not reading the rest",
                            "every network namespace read within the "
                            "scrape deadline again",
                            {{"collector", "netns"}}};
  FailureLog namespace_failures_{spdlog::level::warn,
                                 "cannot read a network namespace; skipped",
                                 "every network namespace readable again",
                                 {{"collector", "netns"}}};
};

/// Registers collector `netns` (Linux, off by default) and its flags.
CollectorDefinition NetnsCollectorDefinition(
    std::shared_ptr<NetnsCollectorConfig> config =
        std::make_shared<NetnsCollectorConfig>());

}  // namespace portwatch
