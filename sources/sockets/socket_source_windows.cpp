#include "sources/sockets/socket_source_windows.h"

// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
// clang-format on

#include <cstddef>
#include <string>

#include "sources/sockets/mib_tcp_table_parser.h"

namespace portwatch {
namespace {

constexpr int kMaxAttempts = 8;

// The portable parser's layouts must be the SDK's.
template <typename Ours, typename Sdk>
constexpr bool SameSize() {
  return sizeof(Ours) == sizeof(Sdk);
}
static_assert(SameSize<MibTcpRowOwnerPid, MIB_TCPROW_OWNER_PID>());
static_assert(SameSize<MibTcp6RowOwnerPid, MIB_TCP6ROW_OWNER_PID>());
static_assert(offsetof(MibTcpRowOwnerPid, owning_pid) ==
              offsetof(MIB_TCPROW_OWNER_PID, dwOwningPid));
static_assert(offsetof(MibTcp6RowOwnerPid, remote_address) ==
              offsetof(MIB_TCP6ROW_OWNER_PID, ucRemoteAddr));
static_assert(offsetof(MibTcp6RowOwnerPid, state) ==
              offsetof(MIB_TCP6ROW_OWNER_PID, dwState));
static_assert(kMibTcpTableRowsOffset ==
              offsetof(MIB_TCPTABLE_OWNER_PID, table));
static_assert(kMibTcpTableRowsOffset ==
              offsetof(MIB_TCP6TABLE_OWNER_PID, table));
static_assert(MIB_TCP_STATE_CLOSED == 1 && MIB_TCP_STATE_TIME_WAIT == 11 &&
              MIB_TCP_STATE_DELETE_TCB == 12);

}  // namespace

void WindowsSocketSource::ForEachSocket(SocketVisitor& visitor) {
  visitor.OnSource("iphlpapi");
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
