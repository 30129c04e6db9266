#include "collectors/portrange/portrange_collector.h"

#include <array>

#include "collectors/core/metric_builder.h"

namespace portwatch {

std::vector<prometheus::MetricFamily> PortRangeFamilies(
    const FamilyRanges& ranges) {
  auto first = GaugeFamily("portwatch_ephemeral_port_range_first",
                           "First port of the dynamic (ephemeral) port range.");
  auto last = GaugeFamily("portwatch_ephemeral_port_range_last",
                          "Last port of the dynamic (ephemeral) port range.");
  auto reserved = GaugeFamily(
      "portwatch_ephemeral_ports_reserved",
      "Ports inside the dynamic range that the OS will not hand out (Linux: "
      "net.ipv4.ip_local_reserved_ports; Windows: excluded port ranges, "
      "counted with --collector.portrange.excluded-ranges).");
  auto usable =
      GaugeFamily("portwatch_ephemeral_ports",
                  "Usable ephemeral ports: last - first + 1 - reserved.");
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
  for (auto& family : PortRangeFamilies(ReadFamilyRanges(source_))) {
    out.push_back(std::move(family));
  }
}

CollectorDefinition PortRangeCollectorDefinition() {
  CollectorDefinition definition;
  definition.name = "portrange";
  definition.help = "the dynamic port range, reserved and usable ports";
  definition.make = [](PlatformSources& sources) -> std::unique_ptr<Collector> {
    return std::make_unique<PortRangeCollector>(*sources.port_ranges);
  };
  return definition;
}

}  // namespace portwatch
