#include "collectors/tcp/tcp_aggregator.h"

#include <gtest/gtest.h>

#include "tests/fakes/fake_sources.h"

namespace portwatch {
namespace {

using fakes::ParseIp;
using fakes::Row;
constexpr AddressFamily kV4 = AddressFamily::kIpv4;
constexpr AddressFamily kV6 = AddressFamily::kIpv6;

class TcpAggregatorTest : public ::testing::Test {
 protected:
  TcpAggregatorTest() : ipv4_(40000, 40999), ipv6_(40000, 40999) {
    ipv4_.Reserve(40500);
    ipv6_.Reserve(40500);
  }
  TcpAggregator Make(std::size_t max_keys = 1000) {
    return TcpAggregator({&ipv4_, &ipv6_}, max_keys);
  }

  EphemeralPortRange ipv4_;
  EphemeralPortRange ipv6_;
};

TEST_F(TcpAggregatorTest, CountsStatesAndEphemeralUse) {
  TcpAggregator aggregate = Make();
  aggregate.OnSocket(Row(kV4, TcpState::kListen, "0.0.0.0", 80, "0.0.0.0", 0));
  aggregate.OnSocket(
      Row(kV4, TcpState::kEstablished, "10.0.0.1", 80, "10.0.0.9", 40001));
  aggregate.OnSocket(
      Row(kV4, TcpState::kEstablished, "10.0.0.1", 40001, "10.0.0.9", 443));
  // Same local port towards another destination: one port in use.
  aggregate.OnSocket(
      Row(kV4, TcpState::kTimeWait, "10.0.0.1", 40001, "10.0.0.8", 443));
  aggregate.OnSocket(
      Row(kV4, TcpState::kTimeWait, "10.0.0.1", 40002, "10.0.0.8", 443));
  // Reserved and out-of-range ports are not ephemeral.
  aggregate.OnSocket(
      Row(kV4, TcpState::kTimeWait, "10.0.0.1", 40500, "10.0.0.8", 443));
  aggregate.OnSocket(
      Row(kV4, TcpState::kTimeWait, "10.0.0.1", 39999, "10.0.0.8", 443));
  aggregate.OnSocket(Row(kV6, TcpState::kSynSent, "::1", 40003, "::1", 9));

  EXPECT_EQ(aggregate.sockets(kV4, TcpState::kListen), 1u);
  EXPECT_EQ(aggregate.sockets(kV4, TcpState::kEstablished), 2u);
  EXPECT_EQ(aggregate.sockets(kV4, TcpState::kTimeWait), 4u);
  EXPECT_EQ(aggregate.ephemeral_sockets(kV4, TcpState::kEstablished), 1u);
  EXPECT_EQ(aggregate.ephemeral_sockets(kV4, TcpState::kTimeWait), 2u);
  EXPECT_EQ(aggregate.ephemeral_sockets(kV4, TcpState::kListen), 0u);
  EXPECT_EQ(aggregate.ports_in_use(kV4), 2u);
  EXPECT_EQ(aggregate.sockets(kV6, TcpState::kSynSent), 1u);
  EXPECT_EQ(aggregate.ports_in_use(kV6), 1u);
  EXPECT_EQ(aggregate.time_wait_endpoints(kV4), 1u);  // 10.0.0.8:443
  EXPECT_EQ(aggregate.time_wait_endpoints(kV6), 0u);
  // Destinations of ephemeral sockets: (10.0.0.1 -> 10.0.0.9:443) x1,
  // (10.0.0.1 -> 10.0.0.8:443) x2.
  EXPECT_EQ(aggregate.destination_count(kV4), 2u);
  EXPECT_EQ(aggregate.max_destination_sockets(kV4), 2u);
  EXPECT_EQ(aggregate.max_destination_sockets(kV6), 1u);
}

TEST_F(TcpAggregatorTest, ListenersOnEphemeralPortsHoldPortsButNoDestination) {
  TcpAggregator aggregate = Make();
  aggregate.OnSocket(
      Row(kV4, TcpState::kListen, "0.0.0.0", 40100, "0.0.0.0", 0));
  aggregate.OnSocket(
      Row(kV4, TcpState::kBoundInactive, "0.0.0.0", 40101, "0.0.0.0", 0));
  EXPECT_EQ(aggregate.ports_in_use(kV4), 2u);
  EXPECT_EQ(aggregate.destination_count(kV4), 0u);
}

TEST_F(TcpAggregatorTest, TimeWaitEndpointsCountOnlyClientSideSockets) {
  TcpAggregator aggregate = Make();
  // Client side: the local port is a usable ephemeral port.
  aggregate.OnSocket(
      Row(kV4, TcpState::kTimeWait, "10.0.0.1", 40001, "10.0.0.8", 443));
  aggregate.OnSocket(
      Row(kV4, TcpState::kTimeWait, "10.0.0.1", 40002, "10.0.0.8", 443));
  // Server side: a busy server's TIME_WAIT on its service port faces one
  // client ip:port each.
  for (std::uint16_t client_port = 40003; client_port < 40010; ++client_port) {
    aggregate.OnSocket(
        Row(kV4, TcpState::kTimeWait, "10.0.0.1", 22, "10.0.0.7", client_port));
  }
  aggregate.OnSocket(
      Row(kV6, TcpState::kTimeWait, "::1", 8080, "2001:db8::7", 40001));
  // Reserved and out-of-range local ports are not ephemeral either.
  aggregate.OnSocket(
      Row(kV4, TcpState::kTimeWait, "10.0.0.1", 40500, "10.0.0.9", 443));
  aggregate.OnSocket(
      Row(kV4, TcpState::kTimeWait, "10.0.0.1", 41000, "10.0.0.9", 443));

  EXPECT_EQ(aggregate.sockets(kV4, TcpState::kTimeWait), 11u);  // all counted
  EXPECT_EQ(aggregate.time_wait_endpoints(kV4), 1u);
  EXPECT_EQ(aggregate.time_wait_endpoints(kV6), 0u);
  auto top = aggregate.TopTimeWaitEndpoints(100);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].first.address, ParseIp(kV4, "10.0.0.8"));
  EXPECT_EQ(top[0].first.port, 443u);
  EXPECT_EQ(top[0].second, 2u);
}

TEST_F(TcpAggregatorTest, WithoutARangeNoTimeWaitEndpointIsTracked) {
  TcpAggregator aggregate({nullptr, nullptr}, 1000);
  aggregate.OnSocket(
      Row(kV4, TcpState::kTimeWait, "10.0.0.1", 40001, "10.0.0.8", 443));
  EXPECT_EQ(aggregate.sockets(kV4, TcpState::kTimeWait), 1u);
  EXPECT_EQ(aggregate.time_wait_endpoints(kV4), 0u);
  EXPECT_TRUE(aggregate.TopTimeWaitEndpoints(10).empty());
  EXPECT_EQ(aggregate.PortsInUseAcrossFamilies(), 0u);
}

TEST_F(TcpAggregatorTest, PortsInUseAcrossFamiliesCountsEachPortOnce) {
  TcpAggregator aggregate = Make();
  for (std::uint16_t port = 40001; port <= 40003; ++port) {
    aggregate.OnSocket(
        Row(kV4, TcpState::kEstablished, "10.0.0.1", port, "10.0.0.9", 443));
  }
  // 40002 and 40003 are held by IPv6 sockets too; 40004 only by IPv6.
  for (std::uint16_t port = 40002; port <= 40004; ++port) {
    aggregate.OnSocket(
        Row(kV6, TcpState::kTimeWait, "2001:db8::1", port, "2001:db8::9", 443));
  }
  // Reserved: held, but not usable.
  aggregate.OnSocket(Row(kV6, TcpState::kListen, "::", 40500, "::", 0));
  EXPECT_EQ(aggregate.ports_in_use(kV4), 3u);
  EXPECT_EQ(aggregate.ports_in_use(kV6), 3u);
  EXPECT_EQ(aggregate.PortsInUseAcrossFamilies(), 4u);
}

TEST_F(TcpAggregatorTest, PortsInUseAcrossFamiliesIsCountedOverTheIpv4Range) {
  // Linux cannot have different ranges per family; a fake can. The union is
  // then taken over the IPv4 range only.
  EphemeralPortRange ipv6_elsewhere(50000, 50999);
  TcpAggregator aggregate({&ipv4_, &ipv6_elsewhere}, 1000);
  aggregate.OnSocket(
      Row(kV4, TcpState::kEstablished, "10.0.0.1", 40001, "10.0.0.9", 443));
  aggregate.OnSocket(Row(kV6, TcpState::kEstablished, "2001:db8::1", 50001,
                         "2001:db8::9", 443));
  EXPECT_EQ(aggregate.ports_in_use(kV6), 1u);
  EXPECT_EQ(aggregate.PortsInUseAcrossFamilies(), 1u);
  // With the IPv4 range unknown there is nothing to count over.
  TcpAggregator no_ipv4({nullptr, &ipv6_}, 1000);
  no_ipv4.OnSocket(Row(kV6, TcpState::kEstablished, "2001:db8::1", 40001,
                       "2001:db8::9", 443));
  EXPECT_EQ(no_ipv4.PortsInUseAcrossFamilies(), 0u);
}

TEST_F(TcpAggregatorTest, TopTimeWaitEndpointsIsExactWithDeterministicTies) {
  TcpAggregator aggregate = Make();
  auto time_wait = [&](const char* remote, std::uint16_t port, int count) {
    for (int i = 0; i < count; ++i) {
      aggregate.OnSocket(Row(kV4, TcpState::kTimeWait, "127.0.0.1",
                             static_cast<std::uint16_t>(40100 + i), remote,
                             port));
    }
  };
  time_wait("127.0.0.3", 80, 5);
  time_wait("127.0.0.2", 80, 7);
  time_wait("127.0.0.4", 80, 5);
  time_wait("127.0.0.1", 80, 1);
  aggregate.OnSocket(Row(kV6, TcpState::kTimeWait, "::1", 40100, "::1", 80));
  auto top = aggregate.TopTimeWaitEndpoints(3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].first.address, ParseIp(kV4, "127.0.0.2"));
  EXPECT_EQ(top[0].second, 7u);
  EXPECT_EQ(top[1].first.address, ParseIp(kV4, "127.0.0.3"));  // tie: by key
  EXPECT_EQ(top[2].first.address, ParseIp(kV4, "127.0.0.4"));
  EXPECT_EQ(aggregate.time_wait_endpoints(kV4), 4u);
  EXPECT_EQ(aggregate.time_wait_endpoints(kV6), 1u);
  EXPECT_EQ(aggregate.TopTimeWaitEndpoints(100).size(), 5u);
  EXPECT_TRUE(aggregate.TopTimeWaitEndpoints(0).empty());
}

TEST_F(TcpAggregatorTest, PastTheCapHeavyKeysAreKeptAndNeverUnderCounted) {
  TcpAggregator aggregate = Make(2);
  std::uint16_t port = 40000;
  auto time_wait = [&](const char* remote, int count) {
    for (int i = 0; i < count; ++i) {
      aggregate.OnSocket(
          Row(kV4, TcpState::kTimeWait, "127.0.0.1", port++, remote, 80));
    }
  };
  // Two light endpoints fill the table, then a heavy one arrives late.
  time_wait("127.0.0.2", 1);
  time_wait("127.0.0.3", 1);
  time_wait("127.0.0.9", 900);
  EXPECT_EQ(aggregate.sockets(kV4, TcpState::kTimeWait), 902u);
  auto top = aggregate.TopTimeWaitEndpoints(1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].first.address, ParseIp(kV4, "127.0.0.9"));
  // 899 on usable ports: the one on the reserved 40500 is not counted.
  EXPECT_GE(top[0].second, 899u);
  EXPECT_LE(top[0].second, 899u + aggregate.time_wait_max_error());
  EXPECT_EQ(aggregate.time_wait_max_error(), 1u);
  EXPECT_GE(aggregate.max_destination_sockets(kV4), 900u);
  // Fixed-size aggregate stay exact: 902 ports, less the reserved 40500.
  EXPECT_EQ(aggregate.ports_in_use(kV4), 901u);
}

TEST_F(TcpAggregatorTest, BelowTheCapEverythingIsExact) {
  TcpAggregator aggregate = Make(3);
  for (std::uint16_t i = 0; i < 3; ++i) {
    aggregate.OnSocket(Row(kV4, TcpState::kTimeWait, "127.0.0.1",
                           static_cast<std::uint16_t>(40000 + i), "127.0.0.2",
                           static_cast<std::uint16_t>(80 + i)));
  }
  EXPECT_EQ(aggregate.time_wait_max_error(), 0u);
  EXPECT_EQ(aggregate.destination_max_error(), 0u);
  EXPECT_EQ(aggregate.time_wait_endpoints(kV4), 3u);
}

}  // namespace
}  // namespace portwatch
