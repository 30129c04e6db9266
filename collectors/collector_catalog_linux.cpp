#include "collectors/collector_catalog.h"
#include "collectors/connect_failures/connect_failures_collector.h"
#include "collectors/netns/netns_collector.h"
#include "collectors/process/process_collector.h"

namespace portwatch {

void AddPlatformCollectors(std::vector<CollectorDefinition>& catalog) {
  catalog.push_back(NetnsCollectorDefinition());
  catalog.push_back(ProcessCollectorDefinition());
  catalog.push_back(ConnectFailuresCollectorDefinition());
}

void DeclareSourceFlags(FlagSet& flags, SourceOptions& options) {
  flags.String("path.procfs", "PATH", "procfs mountpoint",
               &options.procfs_root);
  flags.Choice<TcpSourceKind>(
      "collector.tcp.source", "SOURCE",
      "socket table source: netlink (falls back to procfs when "
      "unavailable) or procfs",
      {{"netlink", TcpSourceKind::kNetlink},
       {"procfs", TcpSourceKind::kProcfs}},
      &options.tcp_source);
  flags.Bool("collector.tcp.bound-inactive",
             "count bound-only sockets (state bound_inactive, netlink "
             "only); false halves the dump when millions of sockets exist, "
             "but ports held by bind() without connect() go unseen",
             &options.bound_inactive);
  flags.String("path.netns", "DIR",
               "where `ip netns` names network namespaces (collector netns)",
               &options.named_netns_dir);
}

}  // namespace portwatch
