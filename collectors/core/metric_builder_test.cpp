#include "collectors/core/metric_builder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace portwatch {
namespace {

constexpr MetricSpec kX{
    "portwatch_x", "An x.", prometheus::MetricType::Gauge, {"family", "scope"}};
constexpr MetricSpec kXTotal{
    "portwatch_x_total", "Xs seen.", prometheus::MetricType::Counter, {}};

TEST(MetricBuilderTest, GaugeFamiliesCarrySamplesWithLabelsInOrder) {
  auto family = NewFamily(kX);
  EXPECT_EQ(family.name, "portwatch_x");
  EXPECT_EQ(family.help, "An x.");
  EXPECT_EQ(family.type, prometheus::MetricType::Gauge);
  EXPECT_TRUE(family.metric.empty());
  AddSample(family, {{"family", "ipv4"}, {"scope", "host"}}, 0.25);
  AddSample(family, {}, 3);
  ASSERT_EQ(family.metric.size(), 2u);
  const auto& first = family.metric[0];
  ASSERT_EQ(first.label.size(), 2u);
  EXPECT_EQ(first.label[0].name, "family");
  EXPECT_EQ(first.label[0].value, "ipv4");
  EXPECT_EQ(first.label[1].name, "scope");
  EXPECT_EQ(first.label[1].value, "host");
  EXPECT_EQ(first.gauge.value, 0.25);
  EXPECT_TRUE(family.metric[1].label.empty());
  EXPECT_EQ(family.metric[1].gauge.value, 3);
}

TEST(MetricBuilderTest, CounterFamiliesCarryCounterValues) {
  auto family = NewFamily(kXTotal);
  EXPECT_EQ(family.name, "portwatch_x_total");
  EXPECT_EQ(family.type, prometheus::MetricType::Counter);
  AddSample(family, {}, 7);
  ASSERT_EQ(family.metric.size(), 1u);
  EXPECT_EQ(family.metric[0].counter.value, 7);
  EXPECT_EQ(family.metric[0].gauge.value, 0);
}

TEST(MetricSpecTest, LabelNamesKeepTheirOrder) {
  constexpr LabelNames names{"netns", "family", "state"};
  static_assert(names.size() == 3);
  std::vector<std::string> seen(names.begin(), names.end());
  EXPECT_EQ(seen, (std::vector<std::string>{"netns", "family", "state"}));
}

}  // namespace
}  // namespace portwatch
