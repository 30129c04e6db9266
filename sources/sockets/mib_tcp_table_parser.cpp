#include "sources/sockets/mib_tcp_table_parser.h"

#include <cstring>
#include <string>

#include "base/unaligned_load.h"

namespace portwatch {
namespace {

// The port is in network byte order in the field's first two bytes, i.e.
// its low 16 bits once loaded on a little-endian host (as Windows is).
std::uint16_t PortOf(std::uint32_t field) {
  return static_cast<std::uint16_t>((field & 0xff) << 8 | (field >> 8 & 0xff));
}

TcpState StateOrThrow(std::uint32_t state) {
  std::optional<TcpState> mapped = TcpStateFromMib(state);
  if (!mapped) {
    throw SourceError("GetExtendedTcpTable: unknown TCP state " +
                      std::to_string(state));
  }
  return *mapped;
}

void Fill(const MibTcpRowOwnerPid& mib, SocketRow& row) {
  row.family = AddressFamily::kIpv4;
  row.state = StateOrThrow(mib.state);
  row.local_address = IpAddress{};
  row.remote_address = IpAddress{};
  std::memcpy(row.local_address.bytes.data(), &mib.local_address, 4);
  std::memcpy(row.remote_address.bytes.data(), &mib.remote_address, 4);
  row.local_port = PortOf(mib.local_port);
  row.remote_port = PortOf(mib.remote_port);
  row.owner_pid = mib.owning_pid;
}

void Fill(const MibTcp6RowOwnerPid& mib, SocketRow& row) {
  row.family = AddressFamily::kIpv6;
  row.state = StateOrThrow(mib.state);
  std::memcpy(row.local_address.bytes.data(), mib.local_address, 16);
  std::memcpy(row.remote_address.bytes.data(), mib.remote_address, 16);
  row.local_port = PortOf(mib.local_port);
  row.remote_port = PortOf(mib.remote_port);
  row.owner_pid = mib.owning_pid;
}

template <typename Row>
void ParseRows(const std::uint8_t* data, std::size_t size,
               SocketVisitor& visitor) {
  if (size < kMibTcpTableRowsOffset) {
    throw SourceError("GetExtendedTcpTable: table shorter than its header");
  }
  const std::uint32_t entries = LoadUnaligned<std::uint32_t>(data);
  if (entries > (size - kMibTcpTableRowsOffset) / sizeof(Row)) {
    throw SourceError("GetExtendedTcpTable: " + std::to_string(entries) +
                      " rows do not fit " + std::to_string(size) + " bytes");
  }
  SocketRow row;
  for (std::uint32_t i = 0; i < entries; ++i) {
    Fill(LoadUnaligned<Row>(data + kMibTcpTableRowsOffset + i * sizeof(Row)),
         row);
    visitor.OnSocket(row);
  }
}

}  // namespace

std::optional<TcpState> TcpStateFromMib(std::uint32_t mib_state) {
  // MIB_TCP_STATE values, 1 (CLOSED) to 12 (DELETE_TCB).
  static constexpr TcpState kStates[] = {
      TcpState::kClose,    TcpState::kListen,      TcpState::kSynSent,
      TcpState::kSynRecv,  TcpState::kEstablished, TcpState::kFinWait1,
      TcpState::kFinWait2, TcpState::kCloseWait,   TcpState::kClosing,
      TcpState::kLastAck,  TcpState::kTimeWait,    TcpState::kClose};
  if (mib_state < 1 || mib_state > 12) return std::nullopt;
  return kStates[mib_state - 1];
}

void ParseTcpTable(AddressFamily family, const std::uint8_t* data,
                   std::size_t size, SocketVisitor& visitor) {
  if (family == AddressFamily::kIpv4) {
    ParseRows<MibTcpRowOwnerPid>(data, size, visitor);
  } else {
    ParseRows<MibTcp6RowOwnerPid>(data, size, visitor);
  }
}

}  // namespace portwatch
