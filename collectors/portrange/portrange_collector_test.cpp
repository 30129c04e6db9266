#include "collectors/portrange/portrange_collector.h"

#include <gtest/gtest.h>

#include "tests/fakes/fake_sources.h"
#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

using fakes::SampleValue;

TEST(PortRangeCollectorTest, PublishesRangeReservedAndUsablePerFamily) {
  fakes::FakePortRangeSource source;
  EphemeralPortRange ipv4(40000, 40999);
  for (std::uint16_t port = 40010; port < 40020; ++port) ipv4.Reserve(port);
  source.ranges[AddressFamily::kIpv4] = ipv4;
  source.ranges[AddressFamily::kIpv6] = EphemeralPortRange(49152, 65535);
  PortRangeCollector collector(source);
  std::vector<prometheus::MetricFamily> out;
  collector.Collect(out);
  EXPECT_EQ(
      SampleValue(out, "portwatch_ephemeral_port_range_first", {"family=ipv4"}),
      40000.0);
  EXPECT_EQ(
      SampleValue(out, "portwatch_ephemeral_port_range_last", {"family=ipv4"}),
      40999.0);
  EXPECT_EQ(
      SampleValue(out, "portwatch_ephemeral_ports_reserved", {"family=ipv4"}),
      10.0);
  EXPECT_EQ(SampleValue(out, "portwatch_ephemeral_ports", {"family=ipv4"}),
            990.0);
  EXPECT_EQ(SampleValue(out, "portwatch_ephemeral_ports", {"family=ipv6"}),
            16384.0);
}

TEST(PortRangeCollectorTest, FailsWhenTheSourceFails) {
  fakes::FakePortRangeSource source;
  source.fail = true;
  PortRangeCollector collector(source);
  std::vector<prometheus::MetricFamily> out;
  EXPECT_THROW(collector.Collect(out), SourceError);
}

}  // namespace
}  // namespace portwatch
