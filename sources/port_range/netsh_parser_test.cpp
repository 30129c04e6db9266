#include "sources/port_range/netsh_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "base/source_error.h"

namespace portwatch {
namespace {

TEST(NetshDynamicPortTest, ParsesEnglishAndLocalisedOutput) {
  EphemeralPortRange range = ParseNetshDynamicPortRange(
      "\r\nProtocol tcp Dynamic Port Range\r\n"
      "---------------------------------\r\n"
      "Start Port      : 49152\r\n"
      "Number of Ports : 16384\r\n\r\n");
  EXPECT_EQ(range.first(), 49152);
  EXPECT_EQ(range.last(), 65535);
  range = ParseNetshDynamicPortRange(
      "Protokoll tcp Dynamischer Portbereich\n---\n"
      "Startport        : 10000\nAnzahl der Ports : 1000\n");
  EXPECT_EQ(range.first(), 10000);
  EXPECT_EQ(range.last(), 10999);
}

TEST(NetshDynamicPortTest, StrayCarriageReturnsAreWhiteSpace) {
  // netsh's "\r\n" written again through a text-mode stream.
  EphemeralPortRange range = ParseNetshDynamicPortRange(
      "\r\r\nProtocol tcp Dynamic Port Range\r\r\n"
      "---------------------------------\r\r\n"
      "Start Port      : 41000\r\r\n"
      "Number of Ports : 4000\r\r\n\r\r\n");
  EXPECT_EQ(range.first(), 41000);
  EXPECT_EQ(range.last(), 44999);
  range = ParseNetshDynamicPortRange(
      "Start Port\r:\r1024\r\r\nNumber of Ports :\t\r 2\r");
  EXPECT_EQ(range.first(), 1024);
  EXPECT_EQ(range.last(), 1025);
  // Still one number per line: "\r" separates, it does not join.
  EXPECT_THROW(
      ParseNetshDynamicPortRange("Start Port : 1\r2\nNumber of Ports : 3\n"),
      SourceError);
}

TEST(NetshDynamicPortTest, RejectsAnythingElse) {
  for (const char* bad : {"", "netsh: unimplemented\n", "Start Port : 49152\n",
                          "Start Port : 60000\nNumber of Ports : 10000\n",
                          "Start Port : 0\nNumber of Ports : 10\n",
                          "Start Port : 1\nNumber of Ports : 0\n",
                          "Start Port : 1\nNumber of Ports : 2\nExtra : 3\n",
                          "Start Port : 99999\nNumber of Ports : 2\n"}) {
    EXPECT_THROW(ParseNetshDynamicPortRange(bad), SourceError) << bad;
  }
}

TEST(NetshExcludedRangesTest, ParsesTheTable) {
  auto ranges = ParseNetshExcludedRanges(
      "\r\nProtocol tcp Port Exclusion Ranges\r\n\r\n"
      "Start Port    End Port\r\n"
      "----------    --------\r\n"
      "      5357        5357\r\n"
      "     50000       50059     *\r\n\r\n"
      "* - Administered port exclusions.\r\n");
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0],
            std::make_pair(std::uint16_t{5357}, std::uint16_t{5357}));
  EXPECT_EQ(ranges[1],
            std::make_pair(std::uint16_t{50000}, std::uint16_t{50059}));
  EXPECT_TRUE(ParseNetshExcludedRanges("Start End\n----- ---\n\n").empty());
}

TEST(NetshExcludedRangesTest, StrayCarriageReturnsAreWhiteSpace) {
  auto ranges = ParseNetshExcludedRanges(
      "\r\r\nProtocol tcp Port Exclusion Ranges\r\r\n\r\r\n"
      "Start Port    End Port\r\r\n"
      "----------    --------\r\r\n"
      "     42000       42099\r\r\n"
      "     50000       50059     *\r\r\n\r\r\n"
      "* - Administered port exclusions.\r\r\n\r\r\n");
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0],
            std::make_pair(std::uint16_t{42000}, std::uint16_t{42099}));
  EXPECT_EQ(ranges[1],
            std::make_pair(std::uint16_t{50000}, std::uint16_t{50059}));
  // A line of only "\r" is blank, inside the table too.
  ranges = ParseNetshExcludedRanges("---\r\n\r\r\n 7\r8\r\r\n");
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0], std::make_pair(std::uint16_t{7}, std::uint16_t{8}));
  // The message quotes the line without its line end.
  try {
    ParseNetshExcludedRanges("---\r\r\n 10 5\r\r\n");
    ADD_FAILURE() << "no exception";
  } catch (const SourceError& error) {
    EXPECT_EQ(std::string(error.what()),
              "netsh excludedportrange: malformed line \" 10 5\"");
  }
}

TEST(NetshExcludedRangesTest, RejectsMalformedTables) {
  EXPECT_THROW(ParseNetshExcludedRanges("no table\n"), SourceError);
  EXPECT_THROW(ParseNetshExcludedRanges("---\n 10 5\n"), SourceError);
  EXPECT_THROW(ParseNetshExcludedRanges("---\n 10\n"), SourceError);
  EXPECT_THROW(ParseNetshExcludedRanges("---\n 0 5\n"), SourceError);
}

}  // namespace
}  // namespace portwatch
