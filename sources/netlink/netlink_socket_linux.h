#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/unique_fd_linux.h"

namespace portwatch {

/// Whether `error` (an errno) means this kernel or this process cannot use
/// a netlink protocol at all: not built in, not permitted.
bool IsNetlinkUnavailableErrno(int error);

/// A netlink socket of one protocol (NETLINK_SOCK_DIAG, NETLINK_NETFILTER),
/// owned and closed with this; a receive that waits 10 s times out.
class NetlinkSocket {
 public:
  /// Throws SourceUnavailable when this kernel or process cannot open one,
  /// SourceError otherwise; `protocol_name` names it in the message.
  NetlinkSocket(int protocol, const char* protocol_name);

  /// Sends one request to the kernel; throws NetlinkKernelError.
  void Send(const void* request, std::size_t size) const;

  /// Receives one datagram into `buffer` (its size is the most it takes)
  /// and returns its length. Throws SourceError on a timeout, a datagram
  /// larger than `buffer`, an overrun socket buffer (ENOBUFS: the dump
  /// lost messages) or an end of data before the dump ended.
  std::size_t Receive(std::vector<std::uint8_t>& buffer) const;

 private:
  const char* protocol_name_;
  UniqueFd fd_;
};

}  // namespace portwatch
