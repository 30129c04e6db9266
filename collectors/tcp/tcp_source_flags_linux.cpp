#include "collectors/tcp/tcp_collector.h"

namespace portwatch {

void DeclareTcpSourceFlags(FlagSet& flags, SourceOptions& sources) {
  flags.Choice<TcpSourceKind>(
      "collector.tcp.source", "SOURCE",
      "socket table source: netlink (falls back to procfs when "
      "unavailable) or procfs",
      {{"netlink", TcpSourceKind::kNetlink},
       {"procfs", TcpSourceKind::kProcfs}},
      &sources.tcp_source);
  flags.Bool("collector.tcp.bound-inactive",
             "count bound-only sockets (state bound_inactive, netlink "
             "only); false halves the dump when millions of sockets exist, "
             "but ports held by bind() without connect() go unseen",
             &sources.bound_inactive);
}

}  // namespace portwatch
