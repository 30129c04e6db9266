#include "collectors/netns/scoped_families.h"

#include <gtest/gtest.h>

#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

prometheus::MetricFamily Family(const std::string& name, double value) {
  auto family = GaugeFamily(name, "Help.");
  AddSample(family, {{"family", "ipv4"}}, value);
  return family;
}

TEST(ScopedFamiliesTest, RenamesPrefixesLabelsAndMergesByName) {
  ScopedFamilies scoped("portwatch_netns_", "Per network namespace: ");
  scoped.Add(Family("portwatch_tcp_sockets", 1), {{"netns", "1"}});
  scoped.Add(Family("portwatch_ephemeral_ports", 2), {{"netns", "1"}});
  scoped.Add(Family("portwatch_tcp_sockets", 3),
             {{"netns", "2"}, {"pod_uid", "u"}});
  std::vector<prometheus::MetricFamily> out;
  scoped.MoveTo(out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].name, "portwatch_netns_tcp_sockets");
  EXPECT_EQ(out[0].help, "Per network namespace: Help.");
  EXPECT_EQ(out[0].type, prometheus::MetricType::Gauge);
  EXPECT_EQ(out[1].name, "portwatch_netns_ephemeral_ports");
  ASSERT_EQ(out[0].metric.size(), 2u);
  const auto& labels = out[0].metric[1].label;
  ASSERT_EQ(labels.size(), 3u);
  EXPECT_EQ(labels[0].name, "netns");
  EXPECT_EQ(labels[0].value, "2");
  EXPECT_EQ(labels[1].name, "pod_uid");
  EXPECT_EQ(labels[2].name, "family");
  EXPECT_EQ(fakes::SampleValue(out, "portwatch_netns_tcp_sockets",
                               {"netns=2", "family=ipv4"}),
            3);
  // Moved out: the next scrape starts empty.
  std::vector<prometheus::MetricFamily> again;
  scoped.MoveTo(again);
  EXPECT_TRUE(again.empty());
}

}  // namespace
}  // namespace portwatch
