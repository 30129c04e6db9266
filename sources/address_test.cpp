#include "address.h"

#include <gtest/gtest.h>

namespace portwatch {
namespace {

IpAddress Bytes(std::initializer_list<int> bytes) {
  IpAddress address;
  std::size_t i = 0;
  for (int b : bytes) address.bytes[i++] = static_cast<std::uint8_t>(b);
  return address;
}

TEST(FormatAddressTest, Ipv4) {
  EXPECT_EQ(FormatAddress(AddressFamily::kIpv4, Bytes({127, 0, 0, 1})),
            "127.0.0.1");
  EXPECT_EQ(FormatAddress(AddressFamily::kIpv4, Bytes({255, 255, 255, 255})),
            "255.255.255.255");
}

TEST(FormatAddressTest, Ipv6FollowsRfc5952) {
  EXPECT_EQ(FormatAddress(AddressFamily::kIpv6, IpAddress{}), "::");
  EXPECT_EQ(
      FormatAddress(AddressFamily::kIpv6,
                    Bytes({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})),
      "::1");
  EXPECT_EQ(FormatAddress(AddressFamily::kIpv6,
                          Bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0,
                                 0, 0, 0, 1})),
            "2001:db8::1:0:0:1");
  // A single zero group is not shortened.
  EXPECT_EQ(FormatAddress(AddressFamily::kIpv6,
                          Bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1,
                                 0, 1, 0, 1})),
            "2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(FormatAddress(
                AddressFamily::kIpv6,
                Bytes({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3})),
            "::ffff:10.1.2.3");
  EXPECT_EQ(FormatAddress(AddressFamily::kIpv6,
                          Bytes({0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0xab, 0xcd, 0, 0,
                                 0, 0, 0, 0})),
            "fe80::abcd:0:0:0");
}

TEST(FormatAddressTest, FamilyLabels) {
  EXPECT_STREQ(AddressFamilyLabel(AddressFamily::kIpv4), "ipv4");
  EXPECT_STREQ(AddressFamilyLabel(AddressFamily::kIpv6), "ipv6");
}

}  // namespace
}  // namespace portwatch
