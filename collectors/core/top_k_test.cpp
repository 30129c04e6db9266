#include "collectors/core/top_k.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <unordered_map>

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

}  // namespace
}  // namespace portwatch
