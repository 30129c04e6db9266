#include "sources/port_range/port_range_parser.h"

#include <gtest/gtest.h>

#include "base/source_error.h"

namespace portwatch {
namespace {

TEST(ParseLocalPortRangeTest, ReadsKernelFormat) {
  EphemeralPortRange range = ParseLocalPortRange("32768\t60999\n");
  EXPECT_EQ(range.first(), 32768);
  EXPECT_EQ(range.last(), 60999);
  EXPECT_EQ(range.usable_count(), 28232u);
}

TEST(ParseLocalPortRangeTest, SinglePortRange) {
  EXPECT_EQ(ParseLocalPortRange("40000 40000").usable_count(), 1u);
}

TEST(ParseLocalPortRangeTest, RejectsMalformedInput) {
  for (const char* bad :
       {"", "\n", "32768", "32768\t", "abc def", "32768\t60999 1",
        "60999\t32768", "0\t100", "1024\t65536", "99999999999999999999 1",
        "-1 5", "1024\t60999x"}) {
    EXPECT_THROW(ParseLocalPortRange(bad), SourceError) << "input: " << bad;
  }
}

TEST(ParseReservedPortsTest, CountsOnlyPortsInsideTheRange) {
  EphemeralPortRange range(40000, 40999);
  ParseReservedPorts("80,8080,39990-40009,40500,40998-41005\n", range);
  // 40000-40009 (10) + 40500 (1) + 40998-40999 (2)
  EXPECT_EQ(range.reserved_count(), 13u);
  EXPECT_EQ(range.usable_count(), 1000u - 13u);
  EXPECT_FALSE(range.IsUsable(40000));
  EXPECT_TRUE(range.IsUsable(40010));
  EXPECT_FALSE(range.IsUsable(40500));
  EXPECT_FALSE(range.IsUsable(39999));
}

TEST(ParseReservedPortsTest, OverlapsAreCountedOnce) {
  EphemeralPortRange range(100, 200);
  ParseReservedPorts("150-160,155,158-170", range);
  EXPECT_EQ(range.reserved_count(), 21u);
}

TEST(ParseReservedPortsTest, PortZeroIsAcceptedLikeTheKernelDoes) {
  EphemeralPortRange range(100, 200);
  ParseReservedPorts("0,5,0-150\n", range);
  EXPECT_EQ(range.reserved_count(), 51u);
}

TEST(ParseReservedPortsTest, EmptyFileReservesNothing) {
  EphemeralPortRange range(100, 200);
  ParseReservedPorts("\n", range);
  ParseReservedPorts("", range);
  EXPECT_EQ(range.reserved_count(), 0u);
}

TEST(ParseReservedPortsTest, RejectsMalformedInput) {
  for (const char* bad : {",", "80,", "80,,81", "a", "90-80", "80-", "-80",
                          "70000", "80;81", "80 81"}) {
    EphemeralPortRange range(1, 65535);
    EXPECT_THROW(ParseReservedPorts(bad, range), SourceError)
        << "input: " << bad;
  }
}

TEST(ParseLocalPortRangeTest, ErrorsGivePositionsNotContent) {
  try {
    ParseLocalPortRange("32768 hunter2");
    FAIL() << "parsed";
  } catch (const SourceError& error) {
    EXPECT_STREQ(error.what(), "expected a port number at character 7");
  }
}

}  // namespace
}  // namespace portwatch
