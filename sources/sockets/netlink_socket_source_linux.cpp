#include "sources/sockets/netlink_socket_source_linux.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "base/unique_fd_linux.h"
#include "sources/sockets/inet_diag_parser_linux.h"

namespace portwatch {
namespace {
constexpr std::size_t kReceiveBufferBytes = 256 * 1024;
constexpr int kReceiveTimeoutSeconds = 10;

// Errors that mean this kernel or this process cannot use sock_diag at all.
bool IsUnavailableErrno(int error) {
  return error == ENOENT || error == EPROTONOSUPPORT || error == EAFNOSUPPORT ||
         error == EOPNOTSUPP || error == EACCES || error == EPERM;
}
}  // namespace

/// Owns a netlink socket file descriptor.
class NetlinkSocket {
 public:
  NetlinkSocket()
      : fd_(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
                     NETLINK_SOCK_DIAG)) {
    if (!fd_.valid()) {
      const int error = errno;
      const std::string reason = std::strerror(error);
      if (IsUnavailableErrno(error)) {
        throw SourceUnavailable("netlink sock_diag unavailable: " + reason);
      }
      throw SourceError("cannot open netlink socket: " + reason);
    }
    timeval timeout{kReceiveTimeoutSeconds, 0};
    ::setsockopt(fd_.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  int fd() const { return fd_.get(); }

 private:
  UniqueFd fd_;
};

namespace {

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
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  ssize_t sent;
  do {
    sent = ::sendto(socket.fd(), &request, sizeof request, 0,
                    reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel);
  } while (sent < 0 && errno == EINTR);
  if (sent != static_cast<ssize_t>(sizeof request)) {
    const int error = sent < 0 ? errno : EMSGSIZE;
    throw NetlinkKernelError(
        std::string("netlink send failed: ") + std::strerror(error), error);
  }
}

}  // namespace

NetlinkSocketSource::NetlinkSocketSource(bool bound_inactive)
    : states_(bound_inactive ? kAllStates : kAllStates & ~kBoundInactiveBit),
      buffer_(kReceiveBufferBytes) {}

void NetlinkSocketSource::ForEachSocket(SocketVisitor& visitor) {
  // Opened before any row is visited, so SourceUnavailable leaves the
  // visitor untouched and a caller can retry with another source.
  NetlinkSocket socket;
  visitor.OnSource("netlink");
  try {
    DumpFamily(socket, AF_INET, visitor);
  } catch (const NetlinkKernelError& error) {
    // No tcp_diag (ENOENT), or not permitted: nothing was visited yet, so
    // the caller may fall back to another source.
    if (IsUnavailableErrno(error.error())) {
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
  for (;;) {
    iovec io{buffer_.data(), buffer_.size()};
    msghdr message{};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    ssize_t got = ::recvmsg(socket.fd(), &message, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        throw SourceError("netlink dump timed out after " +
                          std::to_string(kReceiveTimeoutSeconds) + " s");
      }
      throw SourceError(std::string("netlink receive failed: ") +
                        std::strerror(errno));
    }
    if (got == 0) throw SourceError("netlink dump ended without NLMSG_DONE");
    if ((message.msg_flags & MSG_TRUNC) != 0) {
      throw SourceError("netlink datagram larger than the receive buffer");
    }
    if (ParseInetDiagBatch(buffer_.data(), static_cast<std::size_t>(got),
                           visitor, row) == DumpProgress::kDone) {
      return;
    }
  }
}

}  // namespace portwatch
