#include "collectors/connect_failures/connect_failures_collector.h"

#include <gtest/gtest.h>

#include "tests/fakes/fake_sources.h"
#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

using fakes::FakeConnectFailureSource;
using fakes::FakeNetnsSource;
using fakes::FindFamily;
using fakes::ParseIp;
using fakes::SampleValue;

ConnectFailureKey Connect(const std::string& address, std::uint32_t netns = 100,
                          const char* process = "curl", std::uint32_t pid = 0) {
  ConnectFailureKey key;
  key.netns = netns;
  key.destination = ParseIp(AddressFamily::kIpv4, address);
  key.destination_port = 8080;
  key.process = process;
  key.pid = pid;
  return key;
}

class ConnectFailuresCollectorTest : public ::testing::Test {
 protected:
  std::vector<prometheus::MetricFamily> Collect(ConnectFailuresCollector& c) {
    std::vector<prometheus::MetricFamily> out;
    c.Collect(out);
    return out;
  }
  ConnectFailuresCollector Make(ConnectFailuresConfig config = {}) {
    return ConnectFailuresCollector(kernel_, &namespaces_, config,
                                    [this] { return now_; });
  }

  FakeConnectFailureSource kernel_;
  FakeNetnsSource namespaces_;
  double now_ = 0;
};

TEST_F(ConnectFailuresCollectorTest, EveryTotalSeriesExistsFromTheStart) {
  auto collector = Make();
  const auto out = Collect(collector);
  const auto* totals =
      FindFamily(out, "portwatch_port_allocation_failures_total");
  ASSERT_NE(totals, nullptr);
  EXPECT_EQ(totals->type, prometheus::MetricType::Counter);
  EXPECT_EQ(totals->metric.size(), 4u);
  EXPECT_EQ(SampleValue(out, "portwatch_port_allocation_failures_total",
                        {"family=ipv6", "operation=bind", "errno=EADDRINUSE"}),
            0);
  EXPECT_EQ(SampleValue(
                out, "portwatch_port_allocation_failures_by_destination_total",
                {"remote_address=other"}),
            0);
}

TEST_F(ConnectFailuresCollectorTest, PublishesTotalsAndBreakdowns) {
  namespaces_.Add(100);
  auto& pod = namespaces_.Add(200);
  pod.info.name = "blue";
  pod.info.identity.pod_uid = "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
  auto collector = Make();
  kernel_.Fail(Connect("10.0.0.1"), 37);
  kernel_.Fail(Connect("10.0.0.2", 200, "java"), 3);
  const auto out = Collect(collector);
  EXPECT_EQ(
      SampleValue(out, "portwatch_port_allocation_failures_total",
                  {"family=ipv4", "operation=connect", "errno=EADDRNOTAVAIL"}),
      40);
  EXPECT_EQ(SampleValue(
                out, "portwatch_port_allocation_failures_by_destination_total",
                {"netns=100", "family=ipv4", "remote_address=10.0.0.1",
                 "remote_port=8080"}),
            37);
  EXPECT_EQ(
      SampleValue(out, "portwatch_port_allocation_failures_by_process_total",
                  {"netns=200", "process=java"}),
      3);
  EXPECT_EQ(
      SampleValue(out, "portwatch_port_allocation_failures_by_netns_total",
                  {"netns=200", "netns_name=blue",
                   "pod_uid=0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0"}),
      3);
  EXPECT_EQ(SampleValue(out, "portwatch_port_allocation_failure_keys",
                        {"breakdown=destination"}),
            2);
  // No pid label unless asked for.
  const auto* processes =
      FindFamily(out, "portwatch_port_allocation_failures_by_process_total");
  for (const auto& metric : processes->metric) {
    for (const auto& label : metric.label) EXPECT_NE(label.name, "pid");
  }
}

TEST_F(ConnectFailuresCollectorTest, PidsOnlyWithTheFlag) {
  ConnectFailuresConfig config;
  config.record_pid = true;
  auto collector = Make(config);
  ASSERT_TRUE(kernel_.started_with.has_value());
  EXPECT_TRUE(kernel_.started_with->record_pid);
  kernel_.Fail(Connect("10.0.0.1", 100, "curl", 4242), 2);
  const auto out = Collect(collector);
  EXPECT_EQ(
      SampleValue(out, "portwatch_port_allocation_failures_by_process_total",
                  {"process=curl", "pid=4242"}),
      2);
}

TEST_F(ConnectFailuresCollectorTest, TopKFollowsRecentFailuresAndStaysBounded) {
  ConnectFailuresConfig config;
  config.top_destinations = 1;
  config.max_tracked_keys = 2;
  auto collector = Make(config);
  kernel_.Fail(Connect("10.0.0.1"), 100);
  Collect(collector);
  now_ = 3600;
  kernel_.Fail(Connect("10.0.0.2"), 5);
  kernel_.Fail(Connect("10.0.0.3"), 4);
  const auto out = Collect(collector);
  const auto* family = FindFamily(
      out, "portwatch_port_allocation_failures_by_destination_total");
  ASSERT_EQ(family->metric.size(), 2u);  // top 1 + other
  EXPECT_EQ(SampleValue(
                out, "portwatch_port_allocation_failures_by_destination_total",
                {"remote_address=10.0.0.2"}),
            5);
  // 10.0.0.1 was the least active of three with room for two.
  EXPECT_EQ(SampleValue(
                out, "portwatch_port_allocation_failures_by_destination_total",
                {"remote_address=other"}),
            100);
}

TEST_F(ConnectFailuresCollectorTest, AStartFailureIsEveryScrapesError) {
  kernel_.start_error = "missing CAP_BPF, CAP_PERFMON";
  auto collector = Make();
  std::vector<prometheus::MetricFamily> out;
  EXPECT_THROW(
      {
        try {
          collector.Collect(out);
        } catch (const SourceError& error) {
          EXPECT_STREQ(error.what(), "missing CAP_BPF, CAP_PERFMON");
          throw;
        }
      },
      SourceError);
  EXPECT_THROW(collector.Collect(out), SourceError);
}

TEST_F(ConnectFailuresCollectorTest, ListsNamespacesOnlyForNewOnesInTheTop) {
  namespaces_.Add(100).info.name = "red";
  namespaces_.Add(200).info.name = "blue";
  auto collector = Make();
  kernel_.Fail(Connect("10.0.0.1", 100), 1);
  Collect(collector);
  kernel_.Fail(Connect("10.0.0.1", 100), 1);
  auto out = Collect(collector);
  EXPECT_EQ(namespaces_.list_calls, 1);
  EXPECT_EQ(
      SampleValue(out, "portwatch_port_allocation_failures_by_netns_total",
                  {"netns=100", "netns_name=red"}),
      2);
  kernel_.Fail(Connect("10.0.0.1", 200), 1);
  out = Collect(collector);
  EXPECT_EQ(namespaces_.list_calls, 2);
  EXPECT_EQ(
      SampleValue(out, "portwatch_port_allocation_failures_by_netns_total",
                  {"netns=200", "netns_name=blue"}),
      1);
}

TEST_F(ConnectFailuresCollectorTest, NamespacesWithoutIdentityKeepTheInode) {
  namespaces_.list_error = "no permission";
  auto collector = Make();
  kernel_.Fail(Connect("10.0.0.1", 300), 1);
  const auto out = Collect(collector);
  EXPECT_EQ(
      SampleValue(out, "portwatch_port_allocation_failures_by_netns_total",
                  {"netns=300"}),
      1);
}

}  // namespace
}  // namespace portwatch
