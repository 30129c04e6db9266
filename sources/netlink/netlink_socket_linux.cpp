#include "sources/netlink/netlink_socket_linux.h"

#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "base/source_error.h"
#include "sources/netlink/netlink_messages_linux.h"

namespace portwatch {
namespace {
constexpr int kReceiveTimeoutSeconds = 10;
}  // namespace

bool IsNetlinkUnavailableErrno(int error) {
  return error == ENOENT || error == EPROTONOSUPPORT || error == EAFNOSUPPORT ||
         error == EOPNOTSUPP || error == EACCES || error == EPERM;
}

NetlinkSocket::NetlinkSocket(int protocol, const char* protocol_name)
    : protocol_name_(protocol_name),
      fd_(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, protocol)) {
  if (!fd_.valid()) {
    const int error = errno;
    const std::string reason = std::strerror(error);
    if (IsNetlinkUnavailableErrno(error)) {
      throw SourceUnavailable(std::string("netlink ") + protocol_name +
                              " unavailable: " + reason);
    }
    throw SourceError("cannot open netlink socket: " + reason);
  }
  timeval timeout{kReceiveTimeoutSeconds, 0};
  ::setsockopt(fd_.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
}

void NetlinkSocket::Send(const void* request, std::size_t size) const {
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  ssize_t sent;
  do {
    sent = ::sendto(fd_.get(), request, size, 0,
                    reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel);
  } while (sent < 0 && errno == EINTR);
  if (sent != static_cast<ssize_t>(size)) {
    const int error = sent < 0 ? errno : EMSGSIZE;
    throw NetlinkKernelError(
        std::string("netlink send failed: ") + std::strerror(error), error);
  }
}

std::size_t NetlinkSocket::Receive(std::vector<std::uint8_t>& buffer) const {
  for (;;) {
    iovec io{buffer.data(), buffer.size()};
    msghdr message{};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    const ssize_t got = ::recvmsg(fd_.get(), &message, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        throw SourceError(std::string(protocol_name_) +
                          ": netlink dump timed out after " +
                          std::to_string(kReceiveTimeoutSeconds) + " s");
      }
      if (errno == ENOBUFS) {
        throw SourceError(std::string(protocol_name_) +
                          ": netlink dump overran the socket buffer "
                          "(messages lost)");
      }
      throw SourceError(std::string("netlink receive failed: ") +
                        std::strerror(errno));
    }
    if (got == 0) {
      throw SourceError(std::string(protocol_name_) +
                        ": netlink dump ended without NLMSG_DONE");
    }
    if ((message.msg_flags & MSG_TRUNC) != 0) {
      throw SourceError("netlink datagram larger than the receive buffer");
    }
    return static_cast<std::size_t>(got);
  }
}

}  // namespace portwatch
