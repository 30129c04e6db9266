#include "collectors/process/socket_inode_table.h"

#include <gtest/gtest.h>

#include "tests/fakes/fake_sources.h"

namespace portwatch {
namespace {

using fakes::Row;
constexpr AddressFamily kV4 = AddressFamily::kIpv4;
constexpr AddressFamily kV6 = AddressFamily::kIpv6;

SocketRow WithInode(SocketRow row, std::uint32_t inode) {
  row.inode = inode;
  return row;
}

class SocketInodeTableTest : public ::testing::Test {
 protected:
  SocketInodeTableTest() : range_(40000, 40009) { range_.Reserve(40009); }
  void Fill(SocketInodeTable& table) {
    table.Clear();
    table.SetRanges({&range_, &range_});
    table.OnSocket(WithInode(
        Row(kV4, TcpState::kEstablished, "10.0.0.1", 40001, "10.0.0.2", 80),
        30));
    table.OnSocket(
        WithInode(Row(kV6, TcpState::kCloseWait, "::1", 40002, "::2", 80), 10));
    table.OnSocket(WithInode(
        Row(kV4, TcpState::kEstablished, "10.0.0.1", 40003, "10.0.0.2", 80),
        20));
    // Not ephemeral (a service port, a reserved port): never counted.
    table.OnSocket(WithInode(
        Row(kV4, TcpState::kListen, "0.0.0.0", 80, "0.0.0.0", 0), 40));
    table.OnSocket(WithInode(
        Row(kV4, TcpState::kEstablished, "10.0.0.1", 40009, "10.0.0.2", 80),
        50));
    // TIME_WAIT has no inode: unowned.
    table.OnSocket(
        Row(kV4, TcpState::kTimeWait, "10.0.0.1", 40004, "10.0.0.2", 80));
    table.Seal();
  }
  EphemeralPortRange range_;
};

TEST_F(SocketInodeTableTest, ClaimsCountPerProcessAndTheRestIsUnowned) {
  SocketInodeTable table(100);
  Fill(table);
  SocketTally first, second;
  table.Claim(30, first);
  table.Claim(10, first);
  table.Claim(40, first);   // the listener is not on an ephemeral port
  table.Claim(99, first);   // unknown
  table.Claim(30, second);  // shared: counts for both
  EXPECT_EQ(first.total(), 2u);
  EXPECT_EQ(first.count(kV4, TcpState::kEstablished), 1u);
  EXPECT_EQ(first.count(kV6, TcpState::kCloseWait), 1u);
  EXPECT_EQ(second.total(), 1u);
  const SocketTally unowned = table.Unowned();
  EXPECT_EQ(unowned.count(kV4, TcpState::kEstablished), 1u);  // inode 20
  EXPECT_EQ(unowned.count(kV4, TcpState::kTimeWait), 1u);
  EXPECT_EQ(unowned.total(), 2u);
  EXPECT_EQ(table.untracked(), 0u);
  // A new scrape starts from nothing.
  Fill(table);
  EXPECT_EQ(table.Unowned().total(), 4u);
}

TEST_F(SocketInodeTableTest, BeyondTheCapSocketsAreUntracked) {
  SocketInodeTable table(2);
  Fill(table);
  EXPECT_EQ(table.untracked(), 1u);
  SocketTally tally;
  table.Claim(20, tally);  // third with an inode: left out
  EXPECT_EQ(tally.total(), 0u);
}

TEST_F(SocketInodeTableTest, WithoutRangesNothingIsEphemeral) {
  SocketInodeTable table(10);
  table.Clear();
  table.OnSocket(WithInode(
      Row(kV4, TcpState::kEstablished, "10.0.0.1", 40001, "10.0.0.2", 80), 30));
  table.Seal();
  EXPECT_EQ(table.Unowned().total(), 0u);
}

}  // namespace
}  // namespace portwatch
