#include "collectors/tcpip_settings/tcpip_settings_collector.h"

#include "collectors/core/metric_builder.h"

namespace portwatch {

void TcpipSettingsCollector::Collect(
    std::vector<prometheus::MetricFamily>& out) {
  auto delay = GaugeFamily(
      "portwatch_windows_tcp_timed_wait_delay_seconds",
      "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\"
      "TcpTimedWaitDelay: how long closed connections stay in TIME_WAIT. No "
      "sample when the value is not set (the OS default applies).");
  auto max_port = GaugeFamily(
      "portwatch_windows_max_user_port",
      "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\"
      "MaxUserPort (pre-Vista dynamic range limit). No sample when the value "
      "is not set.");
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
