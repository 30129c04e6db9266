// The GetExtendedTcpTable parser on raw little-endian bytes, as Windows
// writes them (the Windows build also tests it with the SDK's structs).
#include "sources/sockets/mib_tcp_table_parser.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/fakes/fake_sources.h"

namespace portwatch {
namespace {

using fakes::ParseIp;
using fakes::RowCollector;

void Append32(std::vector<std::uint8_t>& bytes, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) {
    bytes.push_back(static_cast<std::uint8_t>(value >> shift));
  }
}

// A port field: network byte order in the first two bytes, then zeros.
void AppendPort(std::vector<std::uint8_t>& bytes, std::uint16_t port) {
  bytes.insert(bytes.end(), {static_cast<std::uint8_t>(port >> 8),
                             static_cast<std::uint8_t>(port & 0xff), 0, 0});
}

TEST(MibTcpTableParser, MapsStatesOneToTwelve) {
  EXPECT_EQ(TcpStateFromMib(1), TcpState::kClose);
  EXPECT_EQ(TcpStateFromMib(5), TcpState::kEstablished);
  EXPECT_EQ(TcpStateFromMib(11), TcpState::kTimeWait);
  EXPECT_EQ(TcpStateFromMib(12), TcpState::kClose);
  EXPECT_FALSE(TcpStateFromMib(0));
  EXPECT_FALSE(TcpStateFromMib(13));
}

TEST(MibTcpTableParser, ReadsIpv4RowBytes) {
  std::vector<std::uint8_t> table;
  Append32(table, 1);                        // entries
  Append32(table, 11);                       // TIME_WAIT
  table.insert(table.end(), {10, 0, 0, 1});  // local address
  AppendPort(table, 50001);
  table.insert(table.end(), {192, 0, 2, 7});  // remote address
  AppendPort(table, 443);
  Append32(table, 4242);  // owning PID
  RowCollector rows;
  ParseTcpTable(AddressFamily::kIpv4, table.data(), table.size(), rows);
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(rows.rows[0].state, TcpState::kTimeWait);
  EXPECT_EQ(rows.rows[0].local_address,
            ParseIp(AddressFamily::kIpv4, "10.0.0.1"));
  EXPECT_EQ(rows.rows[0].local_port, 50001);
  EXPECT_EQ(rows.rows[0].remote_address,
            ParseIp(AddressFamily::kIpv4, "192.0.2.7"));
  EXPECT_EQ(rows.rows[0].remote_port, 443);
  EXPECT_EQ(rows.rows[0].owner_pid, 4242u);
}

TEST(MibTcpTableParser, ReadsIpv6RowBytesAndRejectsShortTables) {
  std::vector<std::uint8_t> table;
  Append32(table, 1);
  const std::vector<std::uint8_t> local(16, 0x20), remote(16, 0x30);
  table.insert(table.end(), local.begin(), local.end());
  Append32(table, 0);  // scope id
  AppendPort(table, 40000);
  table.insert(table.end(), remote.begin(), remote.end());
  Append32(table, 0);
  AppendPort(table, 80);
  Append32(table, 2);  // LISTEN
  Append32(table, 7);
  RowCollector rows;
  ParseTcpTable(AddressFamily::kIpv6, table.data(), table.size(), rows);
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(rows.rows[0].state, TcpState::kListen);
  EXPECT_EQ(rows.rows[0].local_address.bytes[15], 0x20);
  EXPECT_EQ(rows.rows[0].remote_address.bytes[0], 0x30);
  EXPECT_EQ(rows.rows[0].local_port, 40000);
  EXPECT_EQ(rows.rows[0].remote_port, 80);
  EXPECT_EQ(rows.rows[0].owner_pid, 7u);
  EXPECT_THROW(
      ParseTcpTable(AddressFamily::kIpv6, table.data(), table.size() - 1, rows),
      SourceError);
  EXPECT_THROW(ParseTcpTable(AddressFamily::kIpv6, table.data(), 3, rows),
               SourceError);
  table[table.size() - 8] = 99;  // state
  EXPECT_THROW(
      ParseTcpTable(AddressFamily::kIpv6, table.data(), table.size(), rows),
      SourceError);
}

}  // namespace
}  // namespace portwatch
