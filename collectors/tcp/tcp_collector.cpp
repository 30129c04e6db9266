#include "collectors/tcp/tcp_collector.h"

#include <spdlog/spdlog.h>

#include <array>
#include <optional>
#include <string>

#include "collectors/core/metric_builder.h"
#include "collectors/tcp/tcp_metrics.h"

namespace portwatch {

std::optional<AddressFamilyRanges> TcpCollector::ReadRanges() {
  AddressFamilyRanges ranges;
  try {
    ranges = ReadAddressFamilyRanges(ranges_);
  } catch (const SourceError& error) {
    range_failures_.Failed(error.what());
    return std::nullopt;
  }
  range_failures_.Succeeded();
  return ranges;
}

void TcpCollector::Collect(std::vector<prometheus::MetricFamily>& out) {
  const std::optional<AddressFamilyRanges> ranges = ReadRanges();
  AddressFamilyRangePointers range_pointers{};
  if (ranges) range_pointers = PointersTo(*ranges);
  TcpAggregator aggregate(range_pointers, config_.max_tracked_keys);
  sockets_.ForEachSocket(aggregate);
  for (auto& family : TcpMetricFamilies(
           aggregate, range_pointers, ranges_.SharesOnePortSpace(),
           {config_.top_endpoints, config_.top_destinations})) {
    out.push_back(std::move(family));
  }
  auto source = NewFamily(kTcpSocketSourceInfo);
  AddSample(source, {{"source", aggregate.source()}}, 1);
  out.push_back(std::move(source));
}

CollectorDefinition TcpCollectorDefinition(
    std::shared_ptr<TcpCollectorConfig> config) {
  CollectorDefinition definition;
  definition.name = "tcp";
  definition.help =
      "TCP sockets per state, ephemeral port use, TIME_WAIT per remote "
      "endpoint, per-destination use";
  definition.declare_flags = [config](FlagSet& flags, SourceOptions& sources) {
    DeclareTcpSourceFlags(flags, sources);
    flags.TopK("collector.tcp.top-endpoints",
               "remote endpoints with most TIME_WAIT sockets to export",
               &config->top_endpoints);
    flags.TopK("collector.tcp.top-destinations",
               "destinations with most sockets on ephemeral ports to export",
               &config->top_destinations);
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
