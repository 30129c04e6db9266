#include "collectors/core/top_k.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "collectors/core/space_saving_counter.h"

namespace portwatch {
namespace {

TEST(TopKTest, MatchesFullSortOnRandomInput) {
  std::unordered_map<int, Tally> counts;
  std::uint64_t state = 42;
  for (int i = 0; i < 500; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    counts[static_cast<int>(state >> 55)].count += 1 + (state >> 60);
  }
  std::vector<std::pair<int, std::uint64_t>> all;
  for (const auto& [key, tally] : counts) all.emplace_back(key, tally.count);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  auto top = TopK<int>(counts, 10);
  ASSERT_EQ(top.size(), 10u);
  for (std::size_t i = 0; i < top.size(); ++i) EXPECT_EQ(top[i], all[i]);
}

struct Greater {
  bool operator()(int a, int b) const { return a > b; }
};

TEST(BestKTest, KeepsTheKBestOfAStreamBestFirst) {
  BestK<int, Greater> best(3);
  std::vector<int> offered;
  std::uint64_t state = 7;
  for (int i = 0; i < 200; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const int value = static_cast<int>(state >> 40);
    offered.push_back(value);
    best.Offer(value);
  }
  std::sort(offered.begin(), offered.end(), Greater());
  offered.resize(3);
  EXPECT_EQ(best.Sorted(), offered);
  EXPECT_EQ(best.TakeSorted(), offered);
  EXPECT_TRUE(best.Sorted().empty());
}

TEST(BestKTest, FewerThanKAreAllKeptAndZeroKeepsNone) {
  BestK<int, Greater> two(2);
  two.Offer(1);
  EXPECT_EQ(two.Sorted(), std::vector<int>{1});
  BestK<int, Greater> none(0);
  none.Offer(5);
  EXPECT_TRUE(none.Sorted().empty());
}

}  // namespace
}  // namespace portwatch
