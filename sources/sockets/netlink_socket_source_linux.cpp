#include "sources/sockets/netlink_socket_source_linux.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

#include "sources/netlink/netlink_socket_linux.h"
#include "sources/sockets/inet_diag_parser_linux.h"

namespace portwatch {
namespace {

constexpr std::size_t kReceiveBufferBytes = 256 * 1024;

// Every state bit, including TCP_NEW_SYN_RECV (12) and TCP_BOUND_INACTIVE
// (13); kernels ignore bits they do not know.
constexpr std::uint32_t kAllStates = ~0u;
constexpr std::uint32_t kBoundInactiveBit = 1u << 13;

/// The dump request: a netlink header followed by inet_diag_req_v2.
struct DumpRequest {
  nlmsghdr header;
  inet_diag_req_v2 body;
};

void SendDumpRequest(const NetlinkSocket& socket, int family,
                     std::uint32_t states) {
  DumpRequest request{};
  request.header.nlmsg_len = sizeof request;
  request.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  request.header.nlmsg_seq = 1;
  request.body.sdiag_family = static_cast<std::uint8_t>(family);
  request.body.sdiag_protocol = IPPROTO_TCP;
  request.body.idiag_states = states;
  socket.Send(&request, sizeof request);
}

}  // namespace

NetlinkSocketSource::NetlinkSocketSource(bool bound_inactive)
    : states_(bound_inactive ? kAllStates : kAllStates & ~kBoundInactiveBit),
      buffer_(kReceiveBufferBytes) {}

void NetlinkSocketSource::ForEachSocket(SocketVisitor& visitor) {
  // Opened before any row is visited, so SourceUnavailable leaves the
  // visitor untouched and a caller can retry with another source.
  NetlinkSocket socket(NETLINK_SOCK_DIAG, "sock_diag");
  visitor.OnSource("netlink");
  try {
    DumpFamily(socket, AF_INET, visitor);
  } catch (const NetlinkKernelError& error) {
    // No tcp_diag (ENOENT), or not permitted: nothing was visited yet, so
    // the caller may fall back to another source.
    if (IsNetlinkUnavailableErrno(error.error())) {
      throw SourceUnavailable(std::string("netlink sock_diag unavailable: ") +
                              error.what());
    }
    throw;
  }
  DumpFamily(socket, AF_INET6, visitor);
}

void NetlinkSocketSource::DumpFamily(const NetlinkSocket& socket, int family,
                                     SocketVisitor& visitor) {
  SendDumpRequest(socket, family, states_);
  SocketRow row;
  while (ParseInetDiagBatch(buffer_.data(), socket.Receive(buffer_), visitor,
                            row) != DumpProgress::kDone) {
  }
}

}  // namespace portwatch
