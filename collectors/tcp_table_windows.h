#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "socket_source.h"

namespace portwatch {

/// Maps a MIB_TCP_STATE value to the contract: CLOSED (1) and DELETE_TCB
/// (12, a connection being torn down) are `close`; LISTEN, SYN_SENT,
/// SYN_RCVD, ESTAB, FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT, CLOSING, LAST_ACK and
/// TIME_WAIT map to their namesakes. Anything else yields nullopt.
std::optional<TcpState> TcpStateFromMib(std::uint32_t mib_state);

/// Parses a MIB_TCPTABLE_OWNER_PID (kIpv4) or MIB_TCP6TABLE_OWNER_PID
/// (kIpv6) as GetExtendedTcpTable fills it, visiting each row with its
/// owning PID. Throws SourceError when the entry count does not fit `size`
/// or a state is unknown.
void ParseTcpTable(AddressFamily family, const std::uint8_t* data,
                   std::size_t size, SocketVisitor& visitor);

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
