#pragma once

#include <cstdint>
#include <vector>

#include "sources/netlink/netlink_socket_linux.h"
#include "sources/sockets/socket_source.h"

namespace portwatch {

/// Dumps the TCP table through NETLINK_SOCK_DIAG (inet_diag_req_v2, all
/// states, with bound_inactive on kernels that have it unless turned off:
/// that bit makes the kernel walk the bind table as well), one dump per
/// family over one netlink socket per scrape, into one receive buffer
/// allocated once and reused. Throws SourceUnavailable when the kernel has no
/// sock_diag, SourceError on any other failure.
class NetlinkSocketSource : public SocketSource {
 public:
  explicit NetlinkSocketSource(bool bound_inactive = true);
  void ForEachSocket(SocketVisitor& visitor) override;

 private:
  void DumpFamily(const NetlinkSocket& socket, int family,
                  SocketVisitor& visitor);

  std::uint32_t states_;
  std::vector<std::uint8_t> buffer_;
};

}  // namespace portwatch
