#include "collectors/conntrack/conntrack_collector.h"

#include <optional>
#include <utility>

#include "collectors/conntrack/conntrack_metrics.h"
#include "collectors/core/metric_builder.h"

namespace portwatch {
namespace {

void AddGauge(const MetricSpec& spec, const std::optional<std::uint64_t>& value,
              std::vector<prometheus::MetricFamily>& out) {
  if (!value) return;
  auto family = NewFamily(spec);
  AddSample(family, {}, static_cast<double>(*value));
  out.push_back(std::move(family));
}

}  // namespace

void ConntrackCollector::Collect(std::vector<prometheus::MetricFamily>& out) {
  const std::optional<ConntrackReading> reading = source_.Read();
  if (!reading) return;  // conntrack not in use: nothing to fill
  if (reading->counters_source == "netlink") {
    netlink_log_.Succeeded();
  } else if (!reading->counters_source.empty()) {
    netlink_log_.Failed(reading->netlink_unavailable);
  }
  if (reading->counters_source.empty()) {
    counters_log_.Failed(reading->netlink_unavailable);
  } else {
    counters_log_.Succeeded();
  }
  const ConntrackStats& stats = reading->stats;
  AddGauge(kConntrackEntries, stats.entries, out);
  AddGauge(kConntrackEntriesLimit, stats.max_entries, out);
  AddGauge(kConntrackBuckets, stats.buckets, out);
  for (std::size_t i = 0; i < kConntrackCounterCount; ++i) {
    if (!stats.counters[i]) continue;
    auto family = NewFamily(*kConntrackCounterMetrics[i]);
    AddSample(family, {}, static_cast<double>(*stats.counters[i]));
    out.push_back(std::move(family));
  }
  if (!reading->counters_source.empty()) {
    auto source = NewFamily(kConntrackStatsSourceInfo);
    AddSample(source, {{"source", reading->counters_source}}, 1);
    out.push_back(std::move(source));
  }
}

CollectorDefinition ConntrackCollectorDefinition() {
  CollectorDefinition definition;
  definition.name = "conntrack";
  definition.help =
      "the conntrack table's fill and its insert_failed, drop, early_drop "
      "... counters (netlink with CAP_NET_ADMIN, else procfs)";
  definition.make = [](PlatformSources& sources) -> std::unique_ptr<Collector> {
    if (!sources.conntrack) {
      throw std::logic_error("collector conntrack needs its source");
    }
    return std::make_unique<ConntrackCollector>(*sources.conntrack);
  };
  return definition;
}

}  // namespace portwatch
