#include "collectors/core/space_saving_counter.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace portwatch {
namespace {

RemoteEndpoint Endpoint(std::uint16_t port) {
  RemoteEndpoint endpoint;
  endpoint.port = port;
  return endpoint;
}

TEST(SpaceSavingCounterTest, ExactBelowCapacity) {
  SpaceSavingCounter<RemoteEndpoint> counter(10);
  EXPECT_EQ(counter.Add(Endpoint(1)), std::make_pair(std::uint64_t{1}, true));
  EXPECT_EQ(counter.Add(Endpoint(1)), std::make_pair(std::uint64_t{2}, false));
  EXPECT_EQ(counter.Add(Endpoint(2)), std::make_pair(std::uint64_t{1}, true));
  EXPECT_EQ(counter.max_error(), 0u);
  EXPECT_EQ(counter.tallies().size(), 2u);
}

// The Space-Saving guarantees on a skewed random stream: never more than
// `capacity` keys, no count below the truth, no count above truth + error,
// and every key more frequent than total / capacity is kept.
TEST(SpaceSavingCounterTest, GuaranteesHoldOnASkewedStream) {
  constexpr std::size_t kCapacity = 50;
  SpaceSavingCounter<RemoteEndpoint> counter(kCapacity);
  std::map<std::uint16_t, std::uint64_t> truth;
  std::mt19937 random(7);
  std::geometric_distribution<int> skewed(0.02);
  constexpr int kTotal = 20000;
  for (int i = 0; i < kTotal; ++i) {
    auto port = static_cast<std::uint16_t>(skewed(random) % 60000);
    ++truth[port];
    counter.Add(Endpoint(port));
  }
  ASSERT_GT(truth.size(), kCapacity);  // the table really overflowed
  EXPECT_LE(counter.tallies().size(), kCapacity);
  EXPECT_GT(counter.max_error(), 0u);
  for (const auto& [key, tally] : counter.tallies()) {
    const std::uint64_t real = truth[key.port];
    EXPECT_GE(tally.count, real);
    EXPECT_LE(tally.count, real + tally.error);
    EXPECT_LE(tally.error, counter.max_error());
  }
  for (const auto& [port, count] : truth) {
    if (count > kTotal / kCapacity) {
      EXPECT_EQ(counter.tallies().count(Endpoint(port)), 1u)
          << "frequent key " << port << " (" << count << ") was dropped";
    }
  }
}

}  // namespace
}  // namespace portwatch
