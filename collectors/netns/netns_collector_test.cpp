#include "collectors/netns/netns_collector.h"

#include <gtest/gtest.h>

#include <chrono>

#include "tests/fakes/fake_sources.h"
#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

using fakes::Row;
using fakes::SampleValue;
constexpr AddressFamily kV4 = AddressFamily::kIpv4;

class NetnsCollectorTest : public ::testing::Test {
 protected:
  std::vector<prometheus::MetricFamily> Collect(
      NetnsCollectorConfig config = {}) {
    NetnsCollector collector(source_, config);
    std::vector<prometheus::MetricFamily> out;
    collector.Collect(out);
    return out;
  }
  /// `count` sockets in `state` from ephemeral ports of 40000-40009 to
  /// 10.0.0.<host>:80 in namespace `inode`.
  void Load(std::uint64_t inode, int count, TcpState state, int host = 1) {
    auto& rows = source_.namespaces.at(inode).sockets.rows;
    for (int i = 0; i < count; ++i) {
      rows.push_back(Row(kV4, state, "10.1.1.1",
                         static_cast<std::uint16_t>(40000 + i),
                         "10.0.0." + std::to_string(host), 80));
    }
  }

  fakes::FakeNetnsSource source_;
};

TEST_F(NetnsCollectorTest, PublishesEachNamespacesOwnNumbersWithItsLabels) {
  auto& host = source_.Add(100);
  auto& pod = source_.Add(200);
  pod.info.name = "blue";
  pod.info.identity.container_id = "abc";
  pod.info.identity.pod_uid = "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
  pod.ranges.ranges[kV4] = EphemeralPortRange(40000, 40004);
  pod.ranges.ranges[AddressFamily::kIpv6] = EphemeralPortRange(40000, 40004);
  (void)host;
  Load(100, 2, TcpState::kTimeWait);
  Load(200, 4, TcpState::kEstablished);
  const auto out = Collect();
  EXPECT_EQ(SampleValue(out, "portwatch_netns_tcp_sockets",
                        {"netns=100", "family=ipv4", "state=time_wait"}),
            2);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_tcp_sockets",
                        {"netns=200", "netns_name=blue", "container_id=abc",
                         "pod_uid=0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0",
                         "family=ipv4", "state=established"}),
            4);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_ephemeral_ports",
                        {"netns=200", "family=ipv4"}),
            5);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_ephemeral_ports",
                        {"netns=100", "family=ipv4"}),
            10);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_ephemeral_port_utilization_ratio",
                        {"netns=200", "family=all", "scope=host"}),
            4.0 / 5);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_ephemeral_port_utilization_ratio",
                        {"netns=100", "family=all", "scope=host"}),
            2.0 / 10);
  EXPECT_EQ(
      SampleValue(out, "portwatch_netns_tcp_destination_ephemeral_sockets",
                  {"netns=200", "remote_address=10.0.0.1"}),
      4);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_namespaces", {"result=read"}), 2);
  EXPECT_FALSE(SampleValue(out, "portwatch_netns_exporter_namespace_info", {}));
  source_.own_inode = 100;
  EXPECT_EQ(SampleValue(Collect(), "portwatch_netns_exporter_namespace_info",
                        {"netns=100"}),
            1);
  // A namespace without a name or pod has no such labels at all.
  const auto* family = fakes::FindFamily(out, "portwatch_netns_tcp_sockets");
  ASSERT_NE(family, nullptr);
  for (const auto& metric : family->metric) {
    if (metric.label[0].value == "100") {
      EXPECT_EQ(metric.label[1].name, "family");
    }
  }
}

TEST_F(NetnsCollectorTest, DetailOnlyForTheBusiestNamespaces) {
  for (std::uint64_t inode : {1, 2, 3}) source_.Add(inode);
  Load(1, 3, TcpState::kEstablished, 1);
  Load(2, 9, TcpState::kEstablished, 2);
  Load(3, 6, TcpState::kEstablished, 3);
  NetnsCollectorConfig config;
  config.detail_namespaces = 2;
  const auto out = Collect(config);
  EXPECT_EQ(
      SampleValue(out, "portwatch_netns_tcp_destination_ephemeral_sockets",
                  {"netns=2"}),
      9);
  EXPECT_EQ(
      SampleValue(out, "portwatch_netns_tcp_destination_ephemeral_sockets",
                  {"netns=3"}),
      6);
  EXPECT_EQ(
      SampleValue(out, "portwatch_netns_tcp_destination_ephemeral_sockets",
                  {"netns=1"}),
      std::nullopt);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_tcp_ephemeral_sockets",
                        {"netns=1", "family=ipv4", "state=established"}),
            std::nullopt);
  // Every namespace keeps its summary.
  EXPECT_EQ(SampleValue(out, "portwatch_netns_ephemeral_ports_in_use",
                        {"netns=1", "family=all"}),
            3);
  // The busiest first.
  const auto* detail = fakes::FindFamily(
      out, "portwatch_netns_tcp_destination_ephemeral_sockets");
  ASSERT_NE(detail, nullptr);
  ASSERT_EQ(detail->metric.size(), 2u);
  EXPECT_EQ(detail->metric[0].label[0].value, "2");
  config.detail_namespaces = 0;
  EXPECT_EQ(
      fakes::FindFamily(Collect(config),
                        "portwatch_netns_tcp_destination_ephemeral_sockets"),
      nullptr);
}

TEST_F(NetnsCollectorTest, TheCapLimitsNamespacesReadAndIsCounted) {
  for (std::uint64_t inode : {5, 6, 7, 8}) source_.Add(inode);
  NetnsCollectorConfig config;
  config.max_namespaces = 3;
  const auto out = Collect(config);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_namespaces", {"result=read"}), 3);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_namespaces", {"result=over_cap"}),
            1);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_ephemeral_ports",
                        {"netns=8", "family=ipv4"}),
            std::nullopt);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_ephemeral_ports",
                        {"netns=5", "family=ipv4"}),
            10);
}

TEST_F(NetnsCollectorTest, NamespacesNotReachedByTheDeadlineAreCounted) {
  for (std::uint64_t inode : {5, 6, 7}) source_.Add(inode);
  NetnsCollector collector(source_, NetnsCollectorConfig{});
  std::vector<prometheus::MetricFamily> late;
  collector.CollectBy(
      late, std::chrono::steady_clock::now() - std::chrono::seconds(1));
  EXPECT_EQ(SampleValue(late, "portwatch_netns_namespaces", {"result=read"}),
            0);
  EXPECT_EQ(
      SampleValue(late, "portwatch_netns_namespaces", {"result=deadline"}), 3);
  EXPECT_EQ(SampleValue(late, "portwatch_netns_ephemeral_ports",
                        {"netns=5", "family=ipv4"}),
            std::nullopt);
  std::vector<prometheus::MetricFamily> in_time;
  collector.CollectBy(
      in_time, std::chrono::steady_clock::now() + std::chrono::seconds(60));
  EXPECT_EQ(SampleValue(in_time, "portwatch_netns_namespaces", {"result=read"}),
            3);
  EXPECT_EQ(
      SampleValue(in_time, "portwatch_netns_namespaces", {"result=deadline"}),
      0);
}

TEST_F(NetnsCollectorTest, VanishedAndFailingNamespacesAreSkippedNotFatal) {
  source_.Add(1);
  source_.Add(2).vanishes = true;
  source_.Add(3).sockets.fail_after = 0;
  source_.Add(4).ranges.fail = true;
  Load(4, 2, TcpState::kEstablished);
  source_.processes_denied = 7;
  const auto out = Collect();
  EXPECT_EQ(SampleValue(out, "portwatch_netns_namespaces", {"result=read"}), 2);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_namespaces", {"result=vanished"}),
            1);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_namespaces", {"result=failed"}),
            1);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_unreadable_processes", {}), 7);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_tcp_sockets",
                        {"netns=3", "family=ipv4", "state=established"}),
            std::nullopt);
  // Without its range a namespace keeps what needs none.
  EXPECT_EQ(SampleValue(out, "portwatch_netns_tcp_sockets",
                        {"netns=4", "family=ipv4", "state=established"}),
            2);
  EXPECT_EQ(SampleValue(out, "portwatch_netns_ephemeral_ports", {"netns=4"}),
            std::nullopt);
}

TEST_F(NetnsCollectorTest, ANamespaceGoneBetweenScrapesLeavesNoSeries) {
  source_.Add(1);
  source_.Add(2);
  EXPECT_TRUE(SampleValue(Collect(), "portwatch_netns_tcp_sockets",
                          {"netns=2", "family=ipv4", "state=listen"}));
  source_.namespaces.erase(2);
  const auto out = Collect();
  EXPECT_FALSE(SampleValue(out, "portwatch_netns_tcp_sockets", {"netns=2"}));
  EXPECT_EQ(SampleValue(out, "portwatch_netns_namespaces", {"result=read"}), 1);
}

TEST_F(NetnsCollectorTest, ListingWithoutPrivilegesFailsTheCollector) {
  source_.Add(1);
  source_.list_error = "missing CAP_SYS_PTRACE";
  EXPECT_THROW(Collect(), SourceError);
  EXPECT_EQ(source_.enter_calls, 0);
}

}  // namespace
}  // namespace portwatch
