#include "collectors/portrange/portrange_collector.h"

#include <array>

#include "collectors/core/metric_builder.h"
#include "collectors/portrange/portrange_metrics.h"

namespace portwatch {

std::vector<prometheus::MetricFamily> PortRangeMetricFamilies(
    const AddressFamilyRanges& ranges) {
  auto first = NewFamily(kEphemeralPortRangeFirst);
  auto last = NewFamily(kEphemeralPortRangeLast);
  auto reserved = NewFamily(kEphemeralPortsReserved);
  auto usable = NewFamily(kEphemeralPorts);
  for (AddressFamily family : kAddressFamilies) {
    const EphemeralPortRange& range = ranges[static_cast<std::size_t>(family)];
    const Label label{"family", AddressFamilyLabel(family)};
    AddSample(first, {label}, range.first());
    AddSample(last, {label}, range.last());
    AddSample(reserved, {label}, range.reserved_count());
    AddSample(usable, {label}, range.usable_count());
  }
  std::vector<prometheus::MetricFamily> out;
  out.push_back(std::move(first));
  out.push_back(std::move(last));
  out.push_back(std::move(reserved));
  out.push_back(std::move(usable));
  return out;
}

void PortRangeCollector::Collect(std::vector<prometheus::MetricFamily>& out) {
  for (auto& family :
       PortRangeMetricFamilies(ReadAddressFamilyRanges(source_))) {
    out.push_back(std::move(family));
  }
}

CollectorDefinition PortRangeCollectorDefinition() {
  CollectorDefinition definition;
  definition.name = "portrange";
  definition.help = "the dynamic port range, reserved and usable ports";
  definition.declare_flags = DeclarePortRangeSourceFlags;
  definition.make = [](PlatformSources& sources) -> std::unique_ptr<Collector> {
    return std::make_unique<PortRangeCollector>(*sources.port_ranges);
  };
  return definition;
}

}  // namespace portwatch
