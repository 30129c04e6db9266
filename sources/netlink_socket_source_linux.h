#pragma once

#include <cstdint>
#include <vector>

#include "socket_source.h"

namespace portwatch {

/// Dumps the TCP table through NETLINK_SOCK_DIAG (inet_diag_req_v2, all
/// states including bound_inactive on kernels that have it), one dump per
/// family over one netlink socket per scrape, into one receive buffer
/// allocated once and reused. Throws SourceUnavailable when the kernel has no
/// sock_diag, SourceError on any other failure.
class NetlinkSocket;

class NetlinkSocketSource : public SocketSource {
 public:
  NetlinkSocketSource();
  void ForEachSocket(SocketVisitor& visitor) override;

 private:
  void DumpFamily(const NetlinkSocket& socket, int family,
                  SocketVisitor& visitor);

  std::vector<std::uint8_t> buffer_;
};

}  // namespace portwatch
