#pragma once

#include <cstdint>
#include <vector>

#include "sources/sockets/mib_tcp_table_parser.h"
#include "sources/sockets/socket_source.h"

namespace portwatch {

/// Reads the TCP table with GetExtendedTcpTable(TCP_TABLE_OWNER_PID_ALL)
/// for IPv4 and IPv6 into one buffer owned here and reused across scrapes,
/// growing it (and retrying) when the table grew between the size query and
/// the read. Throws SourceError on failure.
class WindowsSocketSource : public SocketSource {
 public:
  void ForEachSocket(SocketVisitor& visitor) override;

 private:
  void ReadTable(AddressFamily family, SocketVisitor& visitor);

  std::vector<std::uint8_t> buffer_;
};

}  // namespace portwatch
