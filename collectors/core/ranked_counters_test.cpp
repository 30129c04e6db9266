#include "collectors/core/ranked_counters.h"

#include <gtest/gtest.h>

#include <string>

namespace portwatch {
namespace {

using Counters = RankedCounters<std::string>;
using Top = std::vector<std::pair<std::string, std::uint64_t>>;

TEST(RankedCountersTest, CountsPerKeyAndRanksByCount) {
  Counters counters(10, 300);
  counters.Add("a", 2, 0);
  counters.Add("b", 5, 0);
  counters.Add("a", 1, 0);
  EXPECT_EQ(counters.Top(10, 0), (Top{{"b", 5}, {"a", 3}}));
  EXPECT_EQ(counters.Top(1, 0), (Top{{"b", 5}}));
  EXPECT_EQ(counters.size(), 2u);
  EXPECT_EQ(counters.Other(), 0u);
}

TEST(RankedCountersTest, RecentFailuresOutrankOldOnesButKeepTheirCounts) {
  Counters counters(10, 300);
  counters.Add("old", 1000, 0);
  // An hour later (12 half-lives: 1000 -> 0.24) a new key fails 10 times.
  counters.Add("new", 10, 3600);
  EXPECT_EQ(counters.Top(2, 3600), (Top{{"new", 10}, {"old", 1000}}));
  EXPECT_EQ(counters.Top(1, 3600), (Top{{"new", 10}}));
  // Just after the old burst, it still leads.
  EXPECT_EQ(counters.Top(1, 1), (Top{{"old", 1000}}));
}

TEST(RankedCountersTest, EqualScoresRankByCountThenKey) {
  Counters counters(10, 300);
  counters.Add("b", 1, 0);
  counters.Add("a", 1, 0);
  counters.Add("c", 1, 0);
  EXPECT_EQ(counters.Top(3, 0), (Top{{"a", 1}, {"b", 1}, {"c", 1}}));
}

TEST(RankedCountersTest, TrimMovesTheLeastActiveKeysIntoOther) {
  Counters counters(2, 300);
  counters.Add("quiet", 7, 0);
  counters.Add("busy", 50, 600);
  counters.Add("recent", 3, 600);
  counters.Trim(600);
  EXPECT_EQ(counters.size(), 2u);
  EXPECT_EQ(counters.Other(), 7u);  // quiet: 7 halved twice < 3
  EXPECT_EQ(counters.Top(5, 600), (Top{{"busy", 50}, {"recent", 3}}));
  // A forgotten key starts again from what it counts next (and, still the
  // least active, is forgotten again); nothing is lost.
  counters.Add("quiet", 1, 601);
  counters.Trim(601);
  EXPECT_EQ(counters.Other(), 7u + 1u);
  counters.AddOther(5);
  EXPECT_EQ(counters.Other(), 13u);
}

TEST(RankedCountersTest, TrimWithinCapacityKeepsEverything) {
  Counters counters(3, 300);
  counters.Add("a", 1, 0);
  counters.Add("b", 1, 0);
  counters.Trim(0);
  EXPECT_EQ(counters.size(), 2u);
  EXPECT_EQ(counters.Other(), 0u);
}

}  // namespace
}  // namespace portwatch
