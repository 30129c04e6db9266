#pragma once

#include <cstdint>
#include <stdexcept>

#include "base/address.h"
#include "base/source_error.h"
#include "sources/sockets/tcp_state.h"

namespace portwatch {

/// One row of the OS socket table, valid only during the visitor call that
/// receives it (sources reuse the storage behind it).
struct SocketRow {
  AddressFamily family = AddressFamily::kIpv4;
  TcpState state = TcpState::kClose;
  IpAddress local_address;
  std::uint16_t local_port = 0;
  IpAddress remote_address;
  std::uint16_t remote_port = 0;
  std::uint32_t owner_pid = 0;  // 0 when the platform does not report it
  /// Linux: the socket's inode, what /proc/<pid>/fd links name; 0 for
  /// sockets no file refers to (TIME_WAIT, SYN_RECV requests, orphans).
  std::uint32_t inode = 0;
};

/// Receives the socket table one row at a time.
class SocketVisitor {
 public:
  virtual ~SocketVisitor() = default;
  /// Before its rows, the OS interface the table is read through: "netlink"
  /// (sock_diag), "procfs" (/proc/net/tcp, tcp6) or "iphlpapi"
  /// (GetExtendedTcpTable). A source that falls back calls it again: the
  /// last name is the one that answered.
  virtual void OnSource(const char* /*name*/) {}
  virtual void OnSocket(const SocketRow& row) = 0;
};

/// Streams the TCP socket table (IPv4 and IPv6) into a visitor without
/// materialising it. Not thread-safe: one ForEachSocket at a time.
class SocketSource {
 public:
  virtual ~SocketSource() = default;
  /// Visits every TCP socket once. Throws SourceError; rows already visited
  /// must then be discarded by the caller.
  virtual void ForEachSocket(SocketVisitor& visitor) = 0;
};

}  // namespace portwatch
