#include "collectors/core/metric_builder.h"

#include <gtest/gtest.h>

namespace portwatch {
namespace {

TEST(MetricBuilderTest, GaugeFamiliesCarrySamplesWithLabelsInOrder) {
  auto family = GaugeFamily("portwatch_x", "An x.");
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

}  // namespace
}  // namespace portwatch
