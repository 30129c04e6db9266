#include "collectors/collector_catalog.h"
#include "collectors/process/process_collector.h"
#include "collectors/tcpip_events/tcpip_events_collector.h"
#include "collectors/tcpip_settings/tcpip_settings_collector.h"
#include "sources/tcpip_events/event_subscription_windows.h"

namespace portwatch {

void AddPlatformCollectors(std::vector<CollectorDefinition>& catalog) {
  catalog.push_back(TcpipEventsCollectorDefinition(
      [] { return std::make_unique<WindowsEventSubscription>(); }));
  catalog.push_back(TcpipSettingsCollectorDefinition());
  catalog.push_back(ProcessCollectorDefinition());
}

// Windows reads no paths: each collector declares how its source reads the
// OS (collector.portrange.excluded-ranges).
void DeclareSourceFlags(FlagSet& /*flags*/, SourceOptions& /*options*/) {}

}  // namespace portwatch
