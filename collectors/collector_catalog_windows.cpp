#include "collector_catalog.h"
#include "event_subscription_windows.h"
#include "process_collector.h"
#include "tcpip_events.h"
#include "tcpip_settings_collector.h"

namespace portwatch {

void AddPlatformCollectors(std::vector<CollectorDefinition>& catalog) {
  catalog.push_back(TcpipEventsCollectorDefinition(
      [] { return std::make_unique<WindowsEventSubscription>(); }));
  catalog.push_back(TcpipSettingsCollectorDefinition());
  catalog.push_back(ProcessCollectorDefinition());
}

void DeclareSourceFlags(FlagSet& flags, SourceOptions& options) {
  flags.Bool("collector.portrange.excluded-ranges",
             "count excluded port ranges (netsh excludedportrange) as "
             "reserved",
             &options.excluded_port_ranges);
}

}  // namespace portwatch
