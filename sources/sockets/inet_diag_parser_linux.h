#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sources/sockets/socket_source.h"

namespace portwatch {

/// The kernel answered a dump with NLMSG_ERROR; `error()` is its errno.
class NetlinkKernelError : public SourceError {
 public:
  NetlinkKernelError(const std::string& message, int error)
      : SourceError(message), error_(error) {}
  int error() const { return error_; }

 private:
  int error_;
};

/// Whether a sock_diag dump continues after the batch just parsed.
enum class DumpProgress { kMore, kDone };

/// Parses one datagram of a NETLINK_SOCK_DIAG inet_diag dump (a sequence of
/// netlink messages) and visits each socket. Returns kDone on NLMSG_DONE.
/// Sockets reported in TCP_CLOSE are bound-only sockets and are visited as
/// bound_inactive (see the .cpp for why).
/// Throws SourceError on NLMSG_ERROR (with the kernel's errno), on truncated
/// or misaligned messages, on unexpected message types, and on families or
/// states outside the contract.
DumpProgress ParseInetDiagBatch(const std::uint8_t* data, std::size_t size,
                                SocketVisitor& visitor, SocketRow& row);

}  // namespace portwatch
