#include "tcp_table_windows.h"

// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
// clang-format on

#include <cstring>
#include <string>

#include "unaligned_load.h"

namespace portwatch {
namespace {

constexpr int kMaxAttempts = 8;

// Port fields hold the port in network byte order in their low 16 bits.
std::uint16_t PortOf(DWORD field) {
  return ntohs(static_cast<u_short>(field & 0xffff));
}

TcpState StateOrThrow(DWORD state) {
  std::optional<TcpState> mapped = TcpStateFromMib(state);
  if (!mapped) {
    throw SourceError("GetExtendedTcpTable: unknown TCP state " +
                      std::to_string(state));
  }
  return *mapped;
}

void FillIpv4(const MIB_TCPROW_OWNER_PID& mib, SocketRow& row) {
  row.family = AddressFamily::kIpv4;
  row.state = StateOrThrow(mib.dwState);
  row.local_address = IpAddress{};
  row.remote_address = IpAddress{};
  std::memcpy(row.local_address.bytes.data(), &mib.dwLocalAddr, 4);
  std::memcpy(row.remote_address.bytes.data(), &mib.dwRemoteAddr, 4);
  row.local_port = PortOf(mib.dwLocalPort);
  row.remote_port = PortOf(mib.dwRemotePort);
  row.owner_pid = mib.dwOwningPid;
}

void FillIpv6(const MIB_TCP6ROW_OWNER_PID& mib, SocketRow& row) {
  row.family = AddressFamily::kIpv6;
  row.state = StateOrThrow(mib.dwState);
  std::memcpy(row.local_address.bytes.data(), mib.ucLocalAddr, 16);
  std::memcpy(row.remote_address.bytes.data(), mib.ucRemoteAddr, 16);
  row.local_port = PortOf(mib.dwLocalPort);
  row.remote_port = PortOf(mib.dwRemotePort);
  row.owner_pid = mib.dwOwningPid;
}

template <typename Row, typename Fill>
void ParseRows(const std::uint8_t* data, std::size_t size, Fill fill,
               SocketVisitor& visitor) {
  // Both table types are a DWORD count followed by an array of rows.
  constexpr std::size_t kRowsOffset = offsetof(MIB_TCPTABLE_OWNER_PID, table);
  static_assert(kRowsOffset == offsetof(MIB_TCP6TABLE_OWNER_PID, table));
  if (size < kRowsOffset) {
    throw SourceError("GetExtendedTcpTable: table shorter than its header");
  }
  const DWORD entries = LoadUnaligned<DWORD>(data);
  if (entries > (size - kRowsOffset) / sizeof(Row)) {
    throw SourceError("GetExtendedTcpTable: " + std::to_string(entries) +
                      " rows do not fit " + std::to_string(size) + " bytes");
  }
  SocketRow row;
  for (DWORD i = 0; i < entries; ++i) {
    fill(LoadUnaligned<Row>(data + kRowsOffset + i * sizeof(Row)), row);
    visitor.OnSocket(row);
  }
}

}  // namespace

std::optional<TcpState> TcpStateFromMib(std::uint32_t mib_state) {
  switch (mib_state) {
    case MIB_TCP_STATE_CLOSED:
    case MIB_TCP_STATE_DELETE_TCB:
      return TcpState::kClose;
    case MIB_TCP_STATE_LISTEN:
      return TcpState::kListen;
    case MIB_TCP_STATE_SYN_SENT:
      return TcpState::kSynSent;
    case MIB_TCP_STATE_SYN_RCVD:
      return TcpState::kSynRecv;
    case MIB_TCP_STATE_ESTAB:
      return TcpState::kEstablished;
    case MIB_TCP_STATE_FIN_WAIT1:
      return TcpState::kFinWait1;
    case MIB_TCP_STATE_FIN_WAIT2:
      return TcpState::kFinWait2;
    case MIB_TCP_STATE_CLOSE_WAIT:
      return TcpState::kCloseWait;
    case MIB_TCP_STATE_CLOSING:
      return TcpState::kClosing;
    case MIB_TCP_STATE_LAST_ACK:
      return TcpState::kLastAck;
    case MIB_TCP_STATE_TIME_WAIT:
      return TcpState::kTimeWait;
    default:
      return std::nullopt;
  }
}

void ParseTcpTable(AddressFamily family, const std::uint8_t* data,
                   std::size_t size, SocketVisitor& visitor) {
  if (family == AddressFamily::kIpv4) {
    ParseRows<MIB_TCPROW_OWNER_PID>(data, size, FillIpv4, visitor);
  } else {
    ParseRows<MIB_TCP6ROW_OWNER_PID>(data, size, FillIpv6, visitor);
  }
}

void WindowsSocketSource::ForEachSocket(SocketVisitor& visitor) {
  ReadTable(AddressFamily::kIpv4, visitor);
  ReadTable(AddressFamily::kIpv6, visitor);
}

void WindowsSocketSource::ReadTable(AddressFamily family,
                                    SocketVisitor& visitor) {
  const ULONG af = family == AddressFamily::kIpv4 ? AF_INET : AF_INET6;
  if (buffer_.empty()) buffer_.resize(64 * 1024);
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    DWORD size = static_cast<DWORD>(buffer_.size());
    const DWORD result = GetExtendedTcpTable(buffer_.data(), &size, FALSE, af,
                                             TCP_TABLE_OWNER_PID_ALL, 0);
    if (result == NO_ERROR) {
      ParseTcpTable(family, buffer_.data(), size, visitor);
      return;
    }
    if (result != ERROR_INSUFFICIENT_BUFFER) {
      throw SourceError("GetExtendedTcpTable failed with error " +
                        std::to_string(result));
    }
    // The table may grow again before the next call: leave headroom.
    buffer_.resize(static_cast<std::size_t>(size) + size / 4 + 4096);
  }
  throw SourceError("GetExtendedTcpTable: table kept growing after " +
                    std::to_string(kMaxAttempts) + " attempts");
}

}  // namespace portwatch
