#include "collectors/tcpip_settings/tcpip_settings_collector.h"

#include <gtest/gtest.h>

#include "base/source_error.h"
#include "tests/fakes/fake_sources.h"
#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

TEST(TcpipSettingsCollectorTest, PublishesValuesOnlyWhenSet) {
  fakes::FakeTcpipParameters parameters;
  TcpipSettingsCollector collector(parameters);
  std::vector<prometheus::MetricFamily> out;
  collector.Collect(out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].metric.empty());
  EXPECT_TRUE(out[1].metric.empty());

  parameters.values = {{"TcpTimedWaitDelay", 30}, {"MaxUserPort", 65534}};
  out.clear();
  collector.Collect(out);
  EXPECT_EQ(
      fakes::SampleValue(out, "portwatch_windows_tcp_timed_wait_delay_seconds"),
      30.0);
  EXPECT_EQ(fakes::SampleValue(out, "portwatch_windows_max_user_port"),
            65534.0);
}

TEST(TcpipSettingsCollectorTest, AnUnreadableValueFailsTheCollector) {
  fakes::FakeTcpipParameters parameters;
  parameters.fail = true;
  TcpipSettingsCollector collector(parameters);
  std::vector<prometheus::MetricFamily> out;
  EXPECT_THROW(collector.Collect(out), SourceError);
}

}  // namespace
}  // namespace portwatch
