#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "sources/sockets/socket_source.h"

namespace portwatch {

/// One row of MIB_TCPTABLE_OWNER_PID as GetExtendedTcpTable writes it
/// (MIB_TCPROW_OWNER_PID): addresses as stored, ports in network byte order
/// in the low 16 bits. Declared here, with no Windows header, so that the
/// parser builds, is tested and is fuzzed on every platform;
/// socket_source_windows.cpp checks the layout against the SDK's struct.
struct MibTcpRowOwnerPid {
  std::uint32_t state;
  std::uint32_t local_address;
  std::uint32_t local_port;
  std::uint32_t remote_address;
  std::uint32_t remote_port;
  std::uint32_t owning_pid;
};

/// One row of MIB_TCP6TABLE_OWNER_PID (MIB_TCP6ROW_OWNER_PID).
struct MibTcp6RowOwnerPid {
  std::uint8_t local_address[16];
  std::uint32_t local_scope_id;
  std::uint32_t local_port;
  std::uint8_t remote_address[16];
  std::uint32_t remote_scope_id;
  std::uint32_t remote_port;
  std::uint32_t state;
  std::uint32_t owning_pid;
};

/// Both tables are a 32-bit entry count followed by the rows.
inline constexpr std::size_t kMibTcpTableRowsOffset = 4;

/// Maps a MIB_TCP_STATE value to the contract: CLOSED (1) and DELETE_TCB
/// (12, a connection being torn down) are `close`; LISTEN, SYN_SENT,
/// SYN_RCVD, ESTAB, FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT, CLOSING, LAST_ACK and
/// TIME_WAIT map to their namesakes. Anything else yields nullopt.
std::optional<TcpState> TcpStateFromMib(std::uint32_t mib_state);

/// Parses a MIB_TCPTABLE_OWNER_PID (kIpv4) or MIB_TCP6TABLE_OWNER_PID
/// (kIpv6) as GetExtendedTcpTable fills it (little-endian), visiting each
/// row with its owning PID. Throws SourceError when the entry count does not
/// fit `size` or a state is unknown.
void ParseTcpTable(AddressFamily family, const std::uint8_t* data,
                   std::size_t size, SocketVisitor& visitor);

}  // namespace portwatch
