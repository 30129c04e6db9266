#include "collector_catalog.h"
#include "event_subscription_windows.h"
#include "tcpip_events.h"
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

}  // namespace portwatch
