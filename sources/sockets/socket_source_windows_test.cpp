// Windows socket table parsing from hand-built MIB rows (runs under wine).
#include "sources/sockets/socket_source_windows.h"

// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
// clang-format on
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "tests/fakes/fake_sources.h"

namespace portwatch {
namespace {

using fakes::ParseIp;
using fakes::RowCollector;

template <typename MibTable, typename Row>
std::vector<std::uint8_t> BuildTable(const std::vector<Row>& rows,
                                     DWORD claimed_entries) {
  std::vector<std::uint8_t> buffer(offsetof(MibTable, table) +
                                   rows.size() * sizeof(Row));
  std::memcpy(buffer.data(), &claimed_entries, sizeof claimed_entries);
  if (!rows.empty()) {
    std::memcpy(buffer.data() + offsetof(MibTable, table), rows.data(),
                rows.size() * sizeof(Row));
  }
  return buffer;
}

MIB_TCPROW_OWNER_PID Ipv4Row(DWORD state, const char* local, u_short lport,
                             const char* remote, u_short rport, DWORD pid) {
  MIB_TCPROW_OWNER_PID row{};
  row.dwState = state;
  inet_pton(AF_INET, local, &row.dwLocalAddr);
  inet_pton(AF_INET, remote, &row.dwRemoteAddr);
  row.dwLocalPort = htons(lport);
  row.dwRemotePort = htons(rport);
  row.dwOwningPid = pid;
  return row;
}

TEST(TcpTableWindowsTest, MapsEveryMibState) {
  EXPECT_EQ(TcpStateFromMib(MIB_TCP_STATE_CLOSED), TcpState::kClose);
  EXPECT_EQ(TcpStateFromMib(MIB_TCP_STATE_LISTEN), TcpState::kListen);
  EXPECT_EQ(TcpStateFromMib(MIB_TCP_STATE_SYN_SENT), TcpState::kSynSent);
  EXPECT_EQ(TcpStateFromMib(MIB_TCP_STATE_SYN_RCVD), TcpState::kSynRecv);
  EXPECT_EQ(TcpStateFromMib(MIB_TCP_STATE_ESTAB), TcpState::kEstablished);
  EXPECT_EQ(TcpStateFromMib(MIB_TCP_STATE_FIN_WAIT1), TcpState::kFinWait1);
  EXPECT_EQ(TcpStateFromMib(MIB_TCP_STATE_FIN_WAIT2), TcpState::kFinWait2);
  EXPECT_EQ(TcpStateFromMib(MIB_TCP_STATE_CLOSE_WAIT), TcpState::kCloseWait);
  EXPECT_EQ(TcpStateFromMib(MIB_TCP_STATE_CLOSING), TcpState::kClosing);
  EXPECT_EQ(TcpStateFromMib(MIB_TCP_STATE_LAST_ACK), TcpState::kLastAck);
  EXPECT_EQ(TcpStateFromMib(MIB_TCP_STATE_TIME_WAIT), TcpState::kTimeWait);
  EXPECT_EQ(TcpStateFromMib(MIB_TCP_STATE_DELETE_TCB), TcpState::kClose);
  EXPECT_FALSE(TcpStateFromMib(0));
  EXPECT_FALSE(TcpStateFromMib(13));
}

TEST(TcpTableWindowsTest, ParsesIpv4RowsWithPortsAndPid) {
  std::vector<MIB_TCPROW_OWNER_PID> mib = {
      Ipv4Row(MIB_TCP_STATE_TIME_WAIT, "10.0.0.1", 50001, "10.0.0.2", 443, 7),
      Ipv4Row(MIB_TCP_STATE_LISTEN, "0.0.0.0", 10058, "0.0.0.0", 0, 9)};
  auto buffer = BuildTable<MIB_TCPTABLE_OWNER_PID>(mib, 2);
  RowCollector rows;
  ParseTcpTable(AddressFamily::kIpv4, buffer.data(), buffer.size(), rows);
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[0].state, TcpState::kTimeWait);
  EXPECT_EQ(rows.rows[0].local_address,
            ParseIp(AddressFamily::kIpv4, "10.0.0.1"));
  EXPECT_EQ(rows.rows[0].local_port, 50001);
  EXPECT_EQ(rows.rows[0].remote_address,
            ParseIp(AddressFamily::kIpv4, "10.0.0.2"));
  EXPECT_EQ(rows.rows[0].remote_port, 443);
  EXPECT_EQ(rows.rows[0].owner_pid, 7u);
  EXPECT_EQ(rows.rows[1].state, TcpState::kListen);
  EXPECT_EQ(rows.rows[1].local_port, 10058);
}

TEST(TcpTableWindowsTest, ParsesIpv6Rows) {
  MIB_TCP6ROW_OWNER_PID row{};
  row.dwState = MIB_TCP_STATE_ESTAB;
  inet_pton(AF_INET6, "2001:db8::1", row.ucLocalAddr);
  inet_pton(AF_INET6, "::1", row.ucRemoteAddr);
  row.dwLocalPort = htons(50000);
  row.dwRemotePort = htons(80);
  row.dwOwningPid = 42;
  auto buffer = BuildTable<MIB_TCP6TABLE_OWNER_PID>(
      std::vector<MIB_TCP6ROW_OWNER_PID>{row}, 1);
  RowCollector rows;
  ParseTcpTable(AddressFamily::kIpv6, buffer.data(), buffer.size(), rows);
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(rows.rows[0].family, AddressFamily::kIpv6);
  EXPECT_EQ(rows.rows[0].local_address,
            ParseIp(AddressFamily::kIpv6, "2001:db8::1"));
  EXPECT_EQ(rows.rows[0].remote_port, 80);
  EXPECT_EQ(rows.rows[0].owner_pid, 42u);
}

TEST(TcpTableWindowsTest, RejectsTablesThatDoNotFit) {
  std::vector<MIB_TCPROW_OWNER_PID> mib = {
      Ipv4Row(MIB_TCP_STATE_ESTAB, "10.0.0.1", 1, "10.0.0.2", 2, 1)};
  auto buffer = BuildTable<MIB_TCPTABLE_OWNER_PID>(mib, 2);  // claims 2 rows
  RowCollector rows;
  EXPECT_THROW(
      ParseTcpTable(AddressFamily::kIpv4, buffer.data(), buffer.size(), rows),
      SourceError);
  EXPECT_THROW(ParseTcpTable(AddressFamily::kIpv4, buffer.data(), 2, rows),
               SourceError);
  mib[0].dwState = 99;
  buffer = BuildTable<MIB_TCPTABLE_OWNER_PID>(mib, 1);
  EXPECT_THROW(
      ParseTcpTable(AddressFamily::kIpv4, buffer.data(), buffer.size(), rows),
      SourceError);
}

TEST(TcpTableWindowsTest, SeesAListenerOpenedByTheTest) {
  WSADATA wsa;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &wsa), 0);
  SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  ASSERT_NE(listener, INVALID_SOCKET);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(
      bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  int length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const std::uint16_t port = ntohs(address.sin_port);
  WindowsSocketSource source;
  RowCollector rows;
  source.ForEachSocket(rows);
  int found = 0;
  for (const SocketRow& row : rows.rows) {
    if (row.local_port == port && row.state == TcpState::kListen) ++found;
  }
  EXPECT_EQ(found, 1) << "of " << rows.rows.size() << " sockets";
  EXPECT_EQ(rows.sources, std::vector<std::string>{"iphlpapi"});
  closesocket(listener);
  WSACleanup();
}

}  // namespace
}  // namespace portwatch
