#include "collectors/collector_catalog.h"
#include "collectors/connect_failures/connect_failures_collector.h"
#include "collectors/conntrack/conntrack_collector.h"
#include "collectors/netns/netns_collector.h"
#include "collectors/process/process_collector.h"

namespace portwatch {

void AddPlatformCollectors(std::vector<CollectorDefinition>& catalog) {
  catalog.push_back(NetnsCollectorDefinition());
  catalog.push_back(ProcessCollectorDefinition());
  catalog.push_back(ConnectFailuresCollectorDefinition());
  catalog.push_back(ConntrackCollectorDefinition());
}

void DeclareSourceFlags(FlagSet& flags, SourceOptions& options) {
  flags.String("path.procfs", "PATH", "procfs mountpoint",
               &options.procfs_root);
  flags.String("path.netns", "DIR",
               "where `ip netns` names network namespaces (collector netns)",
               &options.named_netns_dir);
}

}  // namespace portwatch
