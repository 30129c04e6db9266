#include "sources/sockets/inet_diag_parser_linux.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <cstring>
#include <string>

#include "base/unaligned_load.h"

namespace portwatch {
namespace {

void FillRow(const inet_diag_msg& message, SocketRow& row) {
  if (message.idiag_family == AF_INET) {
    row.family = AddressFamily::kIpv4;
  } else if (message.idiag_family == AF_INET6) {
    row.family = AddressFamily::kIpv6;
  } else {
    throw SourceError("inet_diag: unexpected address family " +
                      std::to_string(message.idiag_family));
  }
  std::optional<TcpState> state = TcpStateFromLinux(message.idiag_state);
  if (!state) {
    throw SourceError("inet_diag: unknown TCP state " +
                      std::to_string(message.idiag_state));
  }
  // The kernel unhashes a socket before it enters TCP_CLOSE, so the listen
  // and established walks of a dump never meet one; TCP_CLOSE rows come
  // only from the bound-socket walk that TCPF_BOUND_INACTIVE requests
  // (Linux 6.9+), which reports those sockets with their real state, CLOSE.
  row.state = *state == TcpState::kClose ? TcpState::kBoundInactive : *state;
  const std::size_t address_bytes = row.family == AddressFamily::kIpv4 ? 4 : 16;
  row.local_address = IpAddress{};
  row.remote_address = IpAddress{};
  std::memcpy(row.local_address.bytes.data(), message.id.idiag_src,
              address_bytes);
  std::memcpy(row.remote_address.bytes.data(), message.id.idiag_dst,
              address_bytes);
  row.local_port = ntohs(message.id.idiag_sport);
  row.remote_port = ntohs(message.id.idiag_dport);
  row.owner_pid = 0;
  row.inode = message.idiag_inode;
}

}  // namespace

DumpProgress ParseInetDiagBatch(const std::uint8_t* data, std::size_t size,
                                SocketVisitor& visitor, SocketRow& row) {
  return ForEachNetlinkMessage(
      data, size, "inet_diag", [&](const NetlinkMessage& message) {
        if (message.type != SOCK_DIAG_BY_FAMILY) {
          throw SourceError("inet_diag: unexpected netlink message type " +
                            std::to_string(message.type));
        }
        if (message.size < sizeof(inet_diag_msg)) {
          throw SourceError("inet_diag: truncated inet_diag_msg");
        }
        FillRow(LoadUnaligned<inet_diag_msg>(message.payload), row);
        visitor.OnSocket(row);
      });
}

}  // namespace portwatch
