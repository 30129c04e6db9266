#include "exporter/listen_address.h"

#include <gtest/gtest.h>

#include "collectors/core/flag_set.h"

namespace portwatch {
namespace {

TEST(ListenAddressTest, ParsesTheThreeForms) {
  ListenAddress any = ParseListenAddress(":10058");
  EXPECT_EQ(any.host, "");
  EXPECT_EQ(any.port, 10058);
  EXPECT_EQ(CivetwebListeningPort(any), "10058");
  ListenAddress v4 = ParseListenAddress("127.0.0.1:0");
  EXPECT_EQ(CivetwebListeningPort(v4), "127.0.0.1:0");
  EXPECT_EQ(CivetwebListeningPort(ParseListenAddress("localhost:1")),
            "127.0.0.1:1");
  ListenAddress v6 = ParseListenAddress("[::1]:9");
  EXPECT_TRUE(v6.ipv6);
  EXPECT_EQ(CivetwebListeningPort(v6), "[::1]:9");
}

TEST(ListenAddressTest, RejectsMalformedAddresses) {
  for (const char* bad : {"", "10058", ":", ":65536", ":-1", ":abc",
                          "host.example:80", "1.2.3:80", "[::1:80", "[zz]:80",
                          "::1:80", "1.2.3.4:80x", "127.0.0.1:123456"}) {
    EXPECT_THROW(ParseListenAddress(bad), UsageError) << bad;
  }
}

}  // namespace
}  // namespace portwatch
