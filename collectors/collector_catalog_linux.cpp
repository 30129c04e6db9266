#include "collector_catalog.h"

namespace portwatch {

// Linux has no collectors beyond the shared ones.
void AddPlatformCollectors(std::vector<CollectorDefinition>& /*catalog*/) {}

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
}

}  // namespace portwatch
