#include <stdexcept>

#include "collector_catalog.h"
#include "event_subscription_windows.h"
#include "platform_sources.h"
#include "port_range_source_windows.h"
#include "tcp_table_windows.h"
#include "tcpip_settings_windows.h"

namespace portwatch {

void AddPlatformCollectors(std::vector<CollectorDefinition>& catalog) {
  catalog.push_back(
      {"tcpip_events",
       "Tcpip events 4227/4231/4266 from the System log (EvtSubscribe)", true,
       [](CollectorContext& context) -> std::unique_ptr<Collector> {
         return std::make_unique<TcpipEventsCollector>(
             [] { return std::make_unique<WindowsEventSubscription>(); },
             context.tcpip_events_since);
       }});
  catalog.push_back(
      {"tcpip_settings",
       "TcpTimedWaitDelay and MaxUserPort from the Tcpip registry key", true,
       [](CollectorContext&) -> std::unique_ptr<Collector> {
         return std::make_unique<TcpipSettingsCollector>();
       }});
}

void ValidateSourceOptions(const SourceOptions& options) {
  if (options.tcp_source == "procfs") {
    throw std::invalid_argument(
        "--collector.tcp.source=procfs exists only on Linux");
  }
}

PlatformSources MakePlatformSources(const SourceOptions& options) {
  PlatformSources sources;
  sources.sockets = std::make_unique<WindowsSocketSource>();
  sources.port_ranges =
      std::make_unique<WindowsPortRangeSource>(options.excluded_port_ranges);
  return sources;
}

}  // namespace portwatch
