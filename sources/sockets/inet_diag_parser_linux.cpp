#include "sources/sockets/inet_diag_parser_linux.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "base/unaligned_load.h"

namespace portwatch {
namespace {

// `negative_errno` as the kernel sends it; INT_MIN must not overflow.
[[noreturn]] void ThrowKernelError(int negative_errno) {
  const long long magnitude = -static_cast<long long>(negative_errno);
  const int error = magnitude > 0 && magnitude < 4096
                        ? static_cast<int>(magnitude)
                        : EPROTO;  // not an errno: a garbled reply
  throw NetlinkKernelError(
      std::string("inet_diag: kernel error: ") + std::strerror(error), error);
}

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
  std::size_t offset = 0;
  while (offset < size) {
    if (size - offset < sizeof(nlmsghdr)) {
      throw SourceError("inet_diag: truncated netlink header");
    }
    const nlmsghdr header = LoadUnaligned<nlmsghdr>(data + offset);
    if (header.nlmsg_len < sizeof(nlmsghdr) ||
        header.nlmsg_len > size - offset) {
      throw SourceError("inet_diag: netlink message length " +
                        std::to_string(header.nlmsg_len) +
                        " does not fit the datagram");
    }
    const std::uint8_t* payload = data + offset + NLMSG_HDRLEN;
    const std::size_t payload_size = header.nlmsg_len - NLMSG_HDRLEN;
    if (header.nlmsg_type == NLMSG_DONE) {
      // A dump that fails part-way ends in NLMSG_DONE carrying -errno.
      if (payload_size >= sizeof(int) && LoadUnaligned<int>(payload) < 0) {
        ThrowKernelError(LoadUnaligned<int>(payload));
      }
      return DumpProgress::kDone;
    }
    if (header.nlmsg_type == NLMSG_ERROR) {
      if (payload_size < sizeof(nlmsgerr)) {
        throw SourceError("inet_diag: truncated netlink error");
      }
      ThrowKernelError(LoadUnaligned<nlmsgerr>(payload).error);
    }
    if (header.nlmsg_type != SOCK_DIAG_BY_FAMILY) {
      throw SourceError("inet_diag: unexpected netlink message type " +
                        std::to_string(header.nlmsg_type));
    }
    if (payload_size < sizeof(inet_diag_msg)) {
      throw SourceError("inet_diag: truncated inet_diag_msg");
    }
    FillRow(LoadUnaligned<inet_diag_msg>(payload), row);
    visitor.OnSocket(row);
    offset += NLMSG_ALIGN(header.nlmsg_len);
  }
  return DumpProgress::kMore;
}

}  // namespace portwatch
