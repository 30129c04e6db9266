#pragma once

#include <cstddef>
#include <cstdint>

#include "sources/netlink/netlink_messages_linux.h"
#include "sources/sockets/socket_source.h"

namespace portwatch {

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
