#include "base/address.h"

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

// ParseAddress(text) as bytes, or "invalid".
std::string Parsed(AddressFamily family, const std::string& text) {
  IpAddress address;
  if (!ParseAddress(family, text, address)) return "invalid";
  return FormatAddress(family, address);
}

TEST(ParseAddressTest, Ipv4AsInetPton) {
  IpAddress address;
  ASSERT_TRUE(ParseAddress(AddressFamily::kIpv4, "10.1.2.255", address));
  EXPECT_EQ(address, Bytes({10, 1, 2, 255}));
  EXPECT_EQ(Parsed(AddressFamily::kIpv4, "0.0.0.0"), "0.0.0.0");
  for (const char* bad :
       {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.",
        ".1.2.3", "1.2.3.4 ", " 1.2.3.4", "a.b.c.d", "1.2.3.-4", "::1",
        "1.2.3.04", "4294967297.1.1.1"}) {
    EXPECT_EQ(Parsed(AddressFamily::kIpv4, bad), "invalid") << bad;
  }
}

TEST(ParseAddressTest, Ipv6AsInetPton) {
  IpAddress address;
  ASSERT_TRUE(ParseAddress(AddressFamily::kIpv6, "2001:DB8::1", address));
  EXPECT_EQ(address, Bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                            0, 0, 1}));
  const std::pair<const char*, const char*> good[] = {
      {"::", "::"},
      {"::1", "::1"},
      {"1::", "1::"},
      {"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"},
      {"1:2:3:4:5:6::8", "1:2:3:4:5:6:0:8"},
      {"::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"},
      {"fe80::abcd:0:0:0", "fe80::abcd:0:0:0"},
      {"0000:0000::00ff", "::ff"},
      {"::ffff:10.1.2.3", "::ffff:10.1.2.3"},
      {"64:ff9b::192.0.2.33", "64:ff9b::c000:221"},
      {"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"},
  };
  for (const auto& [text, formatted] : good) {
    EXPECT_EQ(Parsed(AddressFamily::kIpv6, text), formatted) << text;
  }
  for (const char* bad :
       {"", ":", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3",
        ":1::2", "1::2:", "12345::", "g::", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3",
        "::1.2.3.4.5", "1.2.3.4", "::ffff:1.2.3.04", "[::1]", "fe80::1%eth0",
        "1:2:3:4:5:6:7::8", " ::1"}) {
    EXPECT_EQ(Parsed(AddressFamily::kIpv6, bad), "invalid") << bad;
  }
}

}  // namespace
}  // namespace portwatch
