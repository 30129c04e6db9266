#include "collectors/netns/scoped_families.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "collectors/netns/netns_metrics.h"
#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

prometheus::MetricFamily Family(const MetricSpec& spec, double value) {
  auto family = NewFamily(spec);
  AddSample(family, {{"family", "ipv4"}}, value);
  return family;
}

TEST(ScopedFamiliesTest, RenamesPrefixesLabelsAndMergesByCopy) {
  ScopedFamilies scoped(kNetnsScopedMetrics, kNetnsHelpPrefix);
  scoped.Add(Family(kTcpSockets, 1), {{"netns", "1"}});
  scoped.Add(Family(kEphemeralPorts, 2), {{"netns", "1"}});
  scoped.Add(Family(kTcpSockets, 3), {{"netns", "2"}, {"pod_uid", "u"}});
  std::vector<prometheus::MetricFamily> out;
  scoped.MoveTo(out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].name, "portwatch_netns_tcp_sockets");
  EXPECT_EQ(out[0].help,
            std::string("Per network namespace: ") + kTcpSockets.help);
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

TEST(ScopedFamiliesTest, AFamilyWithoutADeclaredCopyIsRefused) {
  ScopedFamilies scoped(kNetnsScopedMetrics, kNetnsHelpPrefix);
  EXPECT_THROW(scoped.Add(Family(kTcpSocketSourceInfo, 1), {{"netns", "1"}}),
               std::logic_error);
}

// Every family TcpMetricFamilies and PortRangeMetricFamilies build has its
// copy, named portwatch_netns_<the rest of the original's name>.
TEST(ScopedFamiliesTest, EveryRangeAndTcpMetricHasANetnsCopy) {
  std::set<std::string> copied;
  for (const ScopedMetricSpec& copy : kNetnsScopedMetrics) {
    const std::string original = copy.of->name;
    EXPECT_EQ(std::string(copy.name),
              "portwatch_netns_" + original.substr(sizeof "portwatch_" - 1));
    copied.insert(original);
  }
  for (const MetricSpec* spec : kPortRangeMetrics) {
    EXPECT_EQ(copied.count(spec->name), 1u) << spec->name;
  }
  for (const MetricSpec* spec : kTcpMetrics) {
    if (spec == &kTcpSocketSourceInfo) continue;  // collector tcp's own
    EXPECT_EQ(copied.count(spec->name), 1u) << spec->name;
  }
}

}  // namespace
}  // namespace portwatch
