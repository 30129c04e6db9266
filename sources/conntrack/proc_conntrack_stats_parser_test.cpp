#include "sources/conntrack/proc_conntrack_stats_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "base/source_error.h"

namespace portwatch {
namespace {

// As Linux 6.x prints it: two CPUs.
constexpr char kTwoCpus[] =
    "entries  clashres found new invalid ignore delete chainlength insert "
    "insert_failed drop early_drop icmp_error  expect_new expect_create "
    "expect_delete search_restart\n"
    "0000002a  00000001 00000002 00000000 00000003 00000000 00000000 "
    "00000004 00000005 00000014 00000014 00000006 00000007  00000000 "
    "00000000 00000000 00000008\n"
    "0000002a  00000010 00000020 00000000 00000030 00000000 00000000 "
    "00000040 00000050 0000000a 0000000b 00000060 00000070  00000000 "
    "00000000 00000000 00000080\n";

TEST(ProcConntrackStatsParserTest, SumsEachCounterOverTheCpus) {
  ConntrackStats stats;
  ParseProcConntrackStats(kTwoCpus, stats);
  EXPECT_EQ(stats[ConntrackCounter::kClashResolve], 0x11u);
  EXPECT_EQ(stats[ConntrackCounter::kFound], 0x22u);
  EXPECT_EQ(stats[ConntrackCounter::kInvalid], 0x33u);
  EXPECT_EQ(stats[ConntrackCounter::kChainTooLong], 0x44u);
  EXPECT_EQ(stats[ConntrackCounter::kInsert], 0x55u);
  EXPECT_EQ(stats[ConntrackCounter::kInsertFailed], 30u);
  EXPECT_EQ(stats[ConntrackCounter::kDrop], 31u);
  EXPECT_EQ(stats[ConntrackCounter::kEarlyDrop], 0x66u);
  EXPECT_EQ(stats[ConntrackCounter::kError], 0x77u);
  EXPECT_EQ(stats[ConntrackCounter::kSearchRestart], 0x88u);
  // entries repeats the global count on each line: not a counter here.
  EXPECT_FALSE(stats.entries);
}

TEST(ProcConntrackStatsParserTest, ColumnsAnOlderKernelLacksStayUnknown) {
  ConntrackStats stats;
  ParseProcConntrackStats(
      "entries searched found insert insert_failed drop\n"
      "00000001 00000000 00000002 00000003 00000004 00000005\n",
      stats);
  EXPECT_EQ(stats[ConntrackCounter::kDrop], 5u);
  EXPECT_FALSE(stats[ConntrackCounter::kClashResolve]);
  EXPECT_FALSE(stats[ConntrackCounter::kChainTooLong]);
}

TEST(ProcConntrackStatsParserTest, ThirtyTwoBitValuesSumBeyondThirtyTwoBits) {
  std::string text = "entries drop\n";
  for (int cpu = 0; cpu < 3; ++cpu) text += "00000000 ffffffff\n";
  ConntrackStats stats;
  ParseProcConntrackStats(text, stats);
  EXPECT_EQ(stats[ConntrackCounter::kDrop], 3ull * 0xffffffffull);
}

std::string ErrorOf(const std::string& text) {
  ConntrackStats stats;
  try {
    ParseProcConntrackStats(text, stats);
  } catch (const SourceError& error) {
    return error.what();
  }
  return "";
}

TEST(ProcConntrackStatsParserTest, MalformedTextIsAnErrorNamingTheLine) {
  EXPECT_EQ(ErrorOf(""), "/proc/net/stat/nf_conntrack line 0: no header line");
  EXPECT_EQ(ErrorOf("entries drop\n"),
            "/proc/net/stat/nf_conntrack line 1: no line of values");
  EXPECT_EQ(ErrorOf("entries drop\n00000001\n"),
            "/proc/net/stat/nf_conntrack line 2: 1 values for 2 columns");
  EXPECT_EQ(ErrorOf("entries drop\n00000001 0000000g\n"),
            "/proc/net/stat/nf_conntrack line 2: column 2 is not a 32-bit "
            "hexadecimal number");
  EXPECT_NE(ErrorOf("entries drop\n00000001 100000000\n"), "");
  EXPECT_NE(ErrorOf("entries drop\n00000001 -1\n"), "");
  EXPECT_NE(ErrorOf("entries drop\n00000001 0x1\n"), "");
}

}  // namespace
}  // namespace portwatch
