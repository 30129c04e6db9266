#include "collectors/connect_failures/connect_failure_tally.h"

#include <gtest/gtest.h>

#include "tests/fakes/fake_sources.h"

namespace portwatch {
namespace {

using fakes::FakeConnectFailureSource;
using fakes::ParseIp;
constexpr AddressFamily kV4 = AddressFamily::kIpv4;
constexpr AddressFamily kV6 = AddressFamily::kIpv6;

ConnectFailureKey Connect(const std::string& address, std::uint16_t port,
                          std::uint32_t netns = 1,
                          const char* process = "curl") {
  ConnectFailureKey key;
  key.netns = netns;
  key.family = address.find(':') == std::string::npos ? kV4 : kV6;
  key.destination = ParseIp(key.family, address);
  key.destination_port = port;
  key.process = process;
  return key;
}

ConnectFailureKey Bind(std::uint32_t netns = 1, const char* process = "envoy") {
  ConnectFailureKey key;
  key.netns = netns;
  key.operation = PortOperation::kBind;
  key.process = process;
  return key;
}

std::uint64_t DestinationCount(const ConnectFailureTally& tally,
                               const ConnectFailureKey& key) {
  for (const auto& [destination, count] : tally.destinations().Top(1000, 0)) {
    if (destination.address == key.destination &&
        destination.port == key.destination_port &&
        destination.netns == key.netns) {
      return count;
    }
  }
  return 0;
}

TEST(ConnectFailureTallyTest, CountsTotalsAndEveryBreakdown) {
  FakeConnectFailureSource kernel;
  ConnectFailureTally tally;
  kernel.Fail(Connect("10.0.0.1", 80), 37);
  kernel.Fail(Connect("2001:db8::1", 443, 2, "java"), 4);
  kernel.Fail(Bind(), 5);
  tally.DrainFrom(kernel, 0);
  EXPECT_EQ(tally.Total(PortOperation::kConnect, kV4), 37u);
  EXPECT_EQ(tally.Total(PortOperation::kConnect, kV6), 4u);
  EXPECT_EQ(tally.Total(PortOperation::kBind, kV4), 5u);
  EXPECT_EQ(tally.Total(PortOperation::kBind, kV6), 0u);
  EXPECT_EQ(DestinationCount(tally, Connect("10.0.0.1", 80)), 37u);
  EXPECT_EQ(DestinationCount(tally, Connect("2001:db8::1", 443, 2)), 4u);
  EXPECT_EQ(tally.destinations().size(), 2u);  // bind has no destination
  EXPECT_EQ(tally.processes().size(), 3u);
  EXPECT_EQ(
      tally.namespaces().Top(5, 0),
      (std::vector<std::pair<std::uint32_t, std::uint64_t>>{{1, 42}, {2, 4}}));
  EXPECT_EQ(tally.destinations().Other(), 0u);
  // Later drains add to what was counted.
  kernel.Fail(Connect("10.0.0.1", 80), 3);
  tally.DrainFrom(kernel, 10);
  EXPECT_EQ(tally.Total(PortOperation::kConnect, kV4), 40u);
  EXPECT_EQ(DestinationCount(tally, Connect("10.0.0.1", 80)), 40u);
}

TEST(ConnectFailureTallyTest, WhatTheKernelEvictedGoesToOther) {
  FakeConnectFailureSource kernel;
  ConnectFailureTally tally;
  kernel.Fail(Connect("10.0.0.1", 80), 10);
  kernel.Fail(Bind(), 2);
  kernel.pending.clear();  // evicted by the kernel's LRU map
  kernel.Fail(Connect("10.0.0.2", 80), 1);
  tally.DrainFrom(kernel, 0);
  EXPECT_EQ(tally.Total(PortOperation::kConnect, kV4), 11u);
  EXPECT_EQ(tally.destinations().Other(), 10u);  // connects only
  EXPECT_EQ(tally.processes().Other(), 12u);
  EXPECT_EQ(tally.namespaces().Other(), 12u);
  EXPECT_EQ(DestinationCount(tally, Connect("10.0.0.2", 80)), 1u);
}

TEST(ConnectFailureTallyTest, ADrainAheadOfItsTotalsIsNotCountedAsLost) {
  FakeConnectFailureSource kernel;
  ConnectFailureTally tally;
  // A failure counted between reading the totals and draining its key.
  kernel.pending = {{Connect("10.0.0.1", 80), 2}};
  kernel.totals[0][0] = 1;
  tally.DrainFrom(kernel, 0);
  kernel.totals[0][0] = 2;
  tally.DrainFrom(kernel, 1);
  EXPECT_EQ(tally.Total(PortOperation::kConnect, kV4), 2u);
  EXPECT_EQ(tally.destinations().Other(), 0u);
  EXPECT_EQ(DestinationCount(tally, Connect("10.0.0.1", 80)), 2u);
}

TEST(ConnectFailureTallyTest, AFailedDrainKeepsWhatItDeliveredAndCarriesOn) {
  FakeConnectFailureSource kernel;
  ConnectFailureTally tally;
  kernel.Fail(Connect("10.0.0.1", 80), 3);
  tally.DrainFrom(kernel, 0);
  kernel.Fail(Connect("10.0.0.1", 80), 2);
  kernel.drain_error = "cannot drain the failure map";
  EXPECT_THROW(tally.DrainFrom(kernel, 1), SourceError);
  kernel.drain_error.clear();
  tally.DrainFrom(kernel, 2);
  EXPECT_EQ(tally.Total(PortOperation::kConnect, kV4), 5u);
  EXPECT_EQ(DestinationCount(tally, Connect("10.0.0.1", 80)), 5u);
}

TEST(ConnectFailureTallyTest, TotalsStayMonotonicAcrossProgramReloads) {
  FakeConnectFailureSource kernel;
  ConnectFailureTally tally;
  kernel.Fail(Connect("10.0.0.1", 80), 37);
  tally.DrainFrom(kernel, 0);
  kernel.Reload();
  kernel.Fail(Connect("10.0.0.1", 80), 5);
  tally.DrainFrom(kernel, 1);
  EXPECT_EQ(tally.Total(PortOperation::kConnect, kV4), 42u);
  EXPECT_EQ(DestinationCount(tally, Connect("10.0.0.1", 80)), 42u);
  EXPECT_EQ(tally.destinations().Other(), 0u);
}

TEST(ConnectFailureTallyTest, TablesBeyondCapacityKeepTheirSumsInOther) {
  FakeConnectFailureSource kernel;
  ConnectFailureTallyLimits limits;
  limits.max_tracked_keys = 3;
  ConnectFailureTally tally(limits);
  for (int i = 1; i <= 10; ++i) {
    kernel.Fail(Connect("10.0.0." + std::to_string(i), 80), 1);
  }
  tally.DrainFrom(kernel, 0);
  EXPECT_EQ(tally.destinations().size(), 3u);
  EXPECT_EQ(tally.destinations().Other(), 7u);
  std::uint64_t shown = 0;
  for (const auto& entry : tally.destinations().Top(10, 0)) {
    shown += entry.second;
  }
  EXPECT_EQ(shown + tally.destinations().Other(),
            tally.Total(PortOperation::kConnect, kV4));
}

}  // namespace
}  // namespace portwatch
