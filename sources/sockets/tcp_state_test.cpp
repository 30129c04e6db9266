#include "sources/sockets/tcp_state.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace portwatch {
namespace {

TEST(TcpStateTest, MapsEveryLinuxStateToContractNames) {
  EXPECT_STREQ(TcpStateLabel(*TcpStateFromLinux(1)), "established");
  EXPECT_STREQ(TcpStateLabel(*TcpStateFromLinux(6)), "time_wait");
  EXPECT_STREQ(TcpStateLabel(*TcpStateFromLinux(7)), "close");
  EXPECT_STREQ(TcpStateLabel(*TcpStateFromLinux(10)), "listen");
  EXPECT_STREQ(TcpStateLabel(*TcpStateFromLinux(11)), "closing");
  // TCP_NEW_SYN_RECV is a pending connection: syn_recv.
  EXPECT_STREQ(TcpStateLabel(*TcpStateFromLinux(12)), "syn_recv");
  EXPECT_STREQ(TcpStateLabel(*TcpStateFromLinux(13)), "bound_inactive");
}

TEST(TcpStateTest, RejectsUnknownStates) {
  EXPECT_FALSE(TcpStateFromLinux(0));
  EXPECT_FALSE(TcpStateFromLinux(14));
  EXPECT_FALSE(TcpStateFromLinux(255));
}

TEST(TcpStateTest, DenseIndexCoversTwelveDistinctLabels) {
  std::set<std::string> labels;
  for (std::size_t i = 0; i < kTcpStateCount; ++i) {
    EXPECT_EQ(TcpStateIndex(TcpStateAt(i)), i);
    labels.insert(TcpStateLabel(TcpStateAt(i)));
  }
  EXPECT_EQ(labels.size(), kTcpStateCount);
}

}  // namespace
}  // namespace portwatch
