#include "collectors/tcp/tcp_collector.h"

#include <gtest/gtest.h>

#include "tests/fakes/fake_sources.h"
#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

using fakes::Row;
using fakes::SampleValue;
constexpr AddressFamily kV4 = AddressFamily::kIpv4;
constexpr AddressFamily kV6 = AddressFamily::kIpv6;

class TcpCollectorTest : public ::testing::Test {
 protected:
  TcpCollectorTest() {
    EphemeralPortRange range(40000, 40009);  // 10 ports, 2 reserved
    range.Reserve(40008);
    range.Reserve(40009);
    ranges_.ranges[kV4] = range;
    ranges_.ranges[kV6] = range;
  }
  std::vector<prometheus::MetricFamily> Collect(
      TcpCollectorConfig config = {}) {
    TcpCollector collector(sockets_, ranges_, config);
    std::vector<prometheus::MetricFamily> out;
    collector.Collect(out);
    return out;
  }

  fakes::FakeSocketSource sockets_;
  fakes::FakePortRangeSource ranges_;
};

TEST_F(TcpCollectorTest, PublishesEveryStateForBothFamilies) {
  auto out = Collect();
  const auto* family = fakes::FindFamily(out, "portwatch_tcp_sockets");
  ASSERT_NE(family, nullptr);
  EXPECT_EQ(family->metric.size(), 24u);
  EXPECT_EQ(SampleValue(out, "portwatch_tcp_sockets",
                        {"family=ipv6", "state=bound_inactive"}),
            0.0);
}

// Separate port spaces per family (Windows; the fake's default).
TEST_F(TcpCollectorTest, UtilizationPerHostAndDestination) {
  for (std::uint16_t port = 40000; port < 40006; ++port) {
    sockets_.rows.push_back(
        Row(kV4, TcpState::kTimeWait, "127.0.0.1", port, "127.0.0.2", 80));
  }
  sockets_.rows.push_back(
      Row(kV4, TcpState::kEstablished, "127.0.0.1", 40000, "127.0.0.3", 80));
  sockets_.rows.push_back(
      Row(kV6, TcpState::kEstablished, "::1", 40001, "::1", 443));
  auto out = Collect();
  const char* ratio = "portwatch_ephemeral_port_utilization_ratio";
  EXPECT_DOUBLE_EQ(*SampleValue(out, ratio, {"family=ipv4", "scope=host"}),
                   6.0 / 8.0);
  EXPECT_DOUBLE_EQ(
      *SampleValue(out, ratio, {"family=ipv4", "scope=destination"}),
      6.0 / 8.0);
  EXPECT_DOUBLE_EQ(*SampleValue(out, ratio, {"family=ipv6", "scope=host"}),
                   1.0 / 8.0);
  EXPECT_EQ(
      SampleValue(out, "portwatch_ephemeral_ports_in_use", {"family=ipv4"}),
      6.0);
  EXPECT_EQ(SampleValue(
                out, "portwatch_tcp_time_wait_sockets",
                {"family=ipv4", "remote_address=127.0.0.2", "remote_port=80"}),
            6.0);
  EXPECT_EQ(SampleValue(out, "portwatch_tcp_destination_ephemeral_sockets",
                        {"family=ipv6", "local_address=::1",
                         "remote_address=::1", "remote_port=443"}),
            1.0);
  EXPECT_EQ(SampleValue(out, "portwatch_tcp_destinations", {"family=ipv4"}),
            2.0);
  // Nothing is published for both families together.
  EXPECT_EQ(SampleValue(out, ratio, {"family=all"}), std::nullopt);
  EXPECT_EQ(
      SampleValue(out, "portwatch_ephemeral_ports_in_use", {"family=all"}),
      std::nullopt);
  EXPECT_EQ(fakes::FindFamily(out, ratio)->metric.size(), 4u);
}

// Held ports: IPv4 40000-40003, IPv6 40002-40004 (40002, 40003 by both).
void AddOverlappingPortUse(fakes::FakeSocketSource& sockets) {
  for (std::uint16_t port = 40000; port < 40004; ++port) {
    sockets.rows.push_back(
        Row(kV4, TcpState::kTimeWait, "127.0.0.1", port, "127.0.0.2", 80));
  }
  for (std::uint16_t port = 40002; port < 40005; ++port) {
    sockets.rows.push_back(
        Row(kV6, TcpState::kEstablished, "::1", port, "::2", 443));
  }
}

TEST_F(TcpCollectorTest, SharedPortSpacePublishesHostScopeOnceForBoth) {
  ranges_.shared = true;  // Linux
  AddOverlappingPortUse(sockets_);
  auto out = Collect();
  const char* ratio = "portwatch_ephemeral_port_utilization_ratio";
  const char* in_use = "portwatch_ephemeral_ports_in_use";
  // Union of the two families' ports over the 8 usable ones.
  EXPECT_EQ(SampleValue(out, in_use, {"family=all"}), 5.0);
  EXPECT_DOUBLE_EQ(*SampleValue(out, ratio, {"family=all", "scope=host"}),
                   5.0 / 8.0);
  // Per-family ports in use stay; per-family host ratios are gone.
  EXPECT_EQ(SampleValue(out, in_use, {"family=ipv4"}), 4.0);
  EXPECT_EQ(SampleValue(out, in_use, {"family=ipv6"}), 3.0);
  EXPECT_EQ(SampleValue(out, ratio, {"family=ipv4", "scope=host"}),
            std::nullopt);
  EXPECT_EQ(SampleValue(out, ratio, {"family=ipv6", "scope=host"}),
            std::nullopt);
  // Destination scope stays per family.
  EXPECT_DOUBLE_EQ(
      *SampleValue(out, ratio, {"family=ipv4", "scope=destination"}),
      4.0 / 8.0);
  EXPECT_DOUBLE_EQ(
      *SampleValue(out, ratio, {"family=ipv6", "scope=destination"}),
      3.0 / 8.0);
  EXPECT_EQ(fakes::FindFamily(out, ratio)->metric.size(), 3u);
  EXPECT_EQ(fakes::FindFamily(out, in_use)->metric.size(), 3u);
}

TEST_F(TcpCollectorTest, SeparatePortSpacesKeepHostScopePerFamily) {
  ranges_.shared = false;  // Windows
  AddOverlappingPortUse(sockets_);
  auto out = Collect();
  const char* ratio = "portwatch_ephemeral_port_utilization_ratio";
  EXPECT_DOUBLE_EQ(*SampleValue(out, ratio, {"family=ipv4", "scope=host"}),
                   4.0 / 8.0);
  EXPECT_DOUBLE_EQ(*SampleValue(out, ratio, {"family=ipv6", "scope=host"}),
                   3.0 / 8.0);
  EXPECT_EQ(SampleValue(out, ratio, {"family=all"}), std::nullopt);
}

TEST_F(TcpCollectorTest, SharedSpaceWithDifferentRangesUsesTheIpv4Range) {
  // Cannot happen on Linux, but a fake can: the union and the denominator
  // come from the IPv4 range (8 usable ports).
  ranges_.shared = true;
  ranges_.ranges[kV6] = EphemeralPortRange(40003, 40102);  // 100 ports
  AddOverlappingPortUse(sockets_);
  sockets_.rows.push_back(
      Row(kV6, TcpState::kEstablished, "::1", 40100, "::2", 443));
  auto out = Collect();
  EXPECT_EQ(
      SampleValue(out, "portwatch_ephemeral_ports_in_use", {"family=ipv6"}),
      3.0);  // 40003, 40004, 40100
  EXPECT_EQ(
      SampleValue(out, "portwatch_ephemeral_ports_in_use", {"family=all"}),
      5.0);  // 40000-40004; 40100 is outside the IPv4 range
  EXPECT_DOUBLE_EQ(
      *SampleValue(out, "portwatch_ephemeral_port_utilization_ratio",
                   {"family=all", "scope=host"}),
      5.0 / 8.0);
}

TEST_F(TcpCollectorTest, TimeWaitEndpointsAreClientSideOnly) {
  // Client side: local ephemeral port 40001 towards 127.0.0.2:80.
  sockets_.rows.push_back(
      Row(kV4, TcpState::kTimeWait, "127.0.0.1", 40001, "127.0.0.2", 80));
  // Server side: local port 80 towards client ports, one socket each.
  for (std::uint16_t port = 50000; port < 50003; ++port) {
    sockets_.rows.push_back(
        Row(kV4, TcpState::kTimeWait, "127.0.0.1", 80, "127.0.0.3", port));
  }
  auto out = Collect();
  EXPECT_EQ(SampleValue(out, "portwatch_tcp_sockets",
                        {"family=ipv4", "state=time_wait"}),
            4.0);
  EXPECT_EQ(
      fakes::FindFamily(out, "portwatch_tcp_time_wait_sockets")->metric.size(),
      1u);
  EXPECT_EQ(SampleValue(
                out, "portwatch_tcp_time_wait_sockets",
                {"family=ipv4", "remote_address=127.0.0.2", "remote_port=80"}),
            1.0);
  EXPECT_EQ(SampleValue(out, "portwatch_tcp_time_wait_remote_endpoints",
                        {"family=ipv4"}),
            1.0);
}

TEST_F(TcpCollectorTest, TopKLimitsSeriesButNotTheDistinctCount) {
  for (std::uint16_t i = 0; i < 5; ++i) {
    sockets_.rows.push_back(Row(kV4, TcpState::kTimeWait, "127.0.0.1",
                                static_cast<std::uint16_t>(40000 + i),
                                "127.0.0.2",
                                static_cast<std::uint16_t>(80 + i)));
  }
  TcpCollectorConfig config;
  config.top_endpoints = 2;
  config.top_destinations = 3;
  auto out = Collect(config);
  EXPECT_EQ(
      fakes::FindFamily(out, "portwatch_tcp_time_wait_sockets")->metric.size(),
      2u);
  EXPECT_EQ(
      fakes::FindFamily(out, "portwatch_tcp_destination_ephemeral_sockets")
          ->metric.size(),
      3u);
  EXPECT_EQ(SampleValue(out, "portwatch_tcp_time_wait_remote_endpoints",
                        {"family=ipv4"}),
            5.0);
  EXPECT_EQ(SampleValue(out, "portwatch_tcp_tracking_max_error_sockets",
                        {"table=time_wait_endpoints"}),
            0.0);
  // Past the cap counts may over-state, and the metric says by how much.
  config.max_tracked_keys = 3;
  out = Collect(config);
  EXPECT_EQ(SampleValue(out, "portwatch_tcp_tracking_max_error_sockets",
                        {"table=time_wait_endpoints"}),
            1.0);
  EXPECT_EQ(SampleValue(out, "portwatch_tcp_tracking_max_error_sockets",
                        {"table=destinations"}),
            1.0);
}

TEST_F(TcpCollectorTest, RangeWithNoUsablePortCountsAsFull) {
  EphemeralPortRange tiny(40000, 40000);
  tiny.Reserve(40000);
  ranges_.ranges[kV4] = tiny;
  auto out = Collect();
  EXPECT_EQ(SampleValue(out, "portwatch_ephemeral_port_utilization_ratio",
                        {"family=ipv4", "scope=host"}),
            1.0);
}

TEST_F(TcpCollectorTest, SaysWhichSourceAnswered) {
  sockets_.name = "procfs";
  auto out = Collect();
  const auto* family =
      fakes::FindFamily(out, "portwatch_tcp_socket_source_info");
  ASSERT_NE(family, nullptr);
  ASSERT_EQ(family->metric.size(), 1u);
  EXPECT_EQ(
      SampleValue(out, "portwatch_tcp_socket_source_info", {"source=procfs"}),
      1.0);
}

TEST_F(TcpCollectorTest, SocketSourceFailuresPropagate) {
  sockets_.rows.push_back(
      Row(kV4, TcpState::kTimeWait, "127.0.0.1", 40000, "127.0.0.2", 80));
  sockets_.fail_after = 1;
  EXPECT_THROW(Collect(), SourceError);
}

TEST_F(TcpCollectorTest, WithoutAPortRangeOnlyRangeFreeFamiliesArePublished) {
  sockets_.rows.push_back(
      Row(kV4, TcpState::kTimeWait, "127.0.0.1", 40000, "127.0.0.2", 80));
  ranges_.fail = true;
  ranges_.shared = true;
  auto out = Collect();
  EXPECT_EQ(SampleValue(out, "portwatch_tcp_sockets",
                        {"family=ipv4", "state=time_wait"}),
            1.0);
  EXPECT_EQ(SampleValue(out, "portwatch_tcp_tracking_max_error_sockets",
                        {"table=time_wait_endpoints"}),
            0.0);
  // Whether a TIME_WAIT socket is client side needs the range too.
  for (const char* needs_range :
       {"portwatch_tcp_ephemeral_sockets", "portwatch_ephemeral_ports_in_use",
        "portwatch_tcp_time_wait_sockets",
        "portwatch_tcp_time_wait_remote_endpoints",
        "portwatch_tcp_destination_ephemeral_sockets",
        "portwatch_tcp_destinations",
        "portwatch_ephemeral_port_utilization_ratio"}) {
    EXPECT_EQ(fakes::FindFamily(out, needs_range), nullptr) << needs_range;
  }
}

}  // namespace
}  // namespace portwatch
