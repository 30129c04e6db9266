#include "collectors/tcpip_settings/tcpip_settings_collector.h"

#include "collectors/core/metric_builder.h"
#include "collectors/tcpip_settings/tcpip_settings_metrics.h"

namespace portwatch {

void TcpipSettingsCollector::Collect(
    std::vector<prometheus::MetricFamily>& out) {
  auto delay = NewFamily(kWindowsTcpTimedWaitDelay);
  auto max_port = NewFamily(kWindowsMaxUserPort);
  if (auto value = parameters_.ReadDword("TcpTimedWaitDelay")) {
    AddSample(delay, {}, *value);
  }
  if (auto value = parameters_.ReadDword("MaxUserPort")) {
    AddSample(max_port, {}, *value);
  }
  out.push_back(std::move(delay));
  out.push_back(std::move(max_port));
}

CollectorDefinition TcpipSettingsCollectorDefinition() {
  CollectorDefinition definition;
  definition.name = "tcpip_settings";
  definition.help =
      "TcpTimedWaitDelay and MaxUserPort from the Tcpip registry key";
  definition.make = [](PlatformSources& sources) -> std::unique_ptr<Collector> {
    return std::make_unique<TcpipSettingsCollector>(*sources.tcpip_parameters);
  };
  return definition;
}

}  // namespace portwatch
