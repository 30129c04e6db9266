#include "collectors/tcp/tcp_collector.h"

#include <spdlog/spdlog.h>

#include <array>
#include <optional>
#include <string>

#include "collectors/core/metric_builder.h"
#include "collectors/tcp/tcp_metrics.h"

namespace portwatch {

std::optional<FamilyRanges> TcpCollector::ReadRanges() {
  FamilyRanges ranges;
  try {
    ranges = ReadFamilyRanges(ranges_);
  } catch (const SourceError& error) {
    range_failures_.Failed(error.what());
    return std::nullopt;
  }
  range_failures_.Succeeded();
  return ranges;
}

void TcpCollector::Collect(std::vector<prometheus::MetricFamily>& out) {
  const std::optional<FamilyRanges> ranges = ReadRanges();
  FamilyRangePointers range_pointers{};
  if (ranges) range_pointers = PointersTo(*ranges);
  TcpAggregator totals(range_pointers, config_.max_tracked_keys);
  sockets_.ForEachSocket(totals);
  for (auto& family :
       TcpFamilies(totals, range_pointers, ranges_.SharesOnePortSpace(),
                   {config_.top_endpoints, config_.top_destinations})) {
    out.push_back(std::move(family));
  }
  auto source = GaugeFamily(
      "portwatch_tcp_socket_source_info",
      "The OS interface the socket table was read through at this scrape "
      "(netlink: sock_diag; procfs: /proc/net/tcp and tcp6, after netlink "
      "was found unavailable or by --collector.tcp.source; iphlpapi: "
      "GetExtendedTcpTable), always 1");
  AddSample(source, {{"source", totals.source()}}, 1);
  out.push_back(std::move(source));
}

CollectorDefinition TcpCollectorDefinition(
    std::shared_ptr<TcpCollectorConfig> config) {
  constexpr std::size_t kMaxTopK = 10000;
  CollectorDefinition definition;
  definition.name = "tcp";
  definition.help =
      "TCP sockets per state, ephemeral port use, TIME_WAIT per remote "
      "endpoint, per-destination use";
  definition.declare_flags = [config](FlagSet& flags) {
    flags.Count("collector.tcp.top-endpoints", "K",
                "remote endpoints with most TIME_WAIT sockets to export", 0,
                kMaxTopK, &config->top_endpoints);
    flags.Count("collector.tcp.top-destinations", "K",
                "destinations with most sockets on ephemeral ports to export",
                0, kMaxTopK, &config->top_destinations);
    flags.Count("collector.tcp.max-tracked-keys", "N",
                "cap on distinct TIME_WAIT endpoints and destinations "
                "tracked per scrape, bounding memory",
                1, 10000000, &config->max_tracked_keys);
  };
  definition.make =
      [config](PlatformSources& sources) -> std::unique_ptr<Collector> {
    return std::make_unique<TcpCollector>(*sources.sockets,
                                          *sources.port_ranges, *config);
  };
  return definition;
}

}  // namespace portwatch
