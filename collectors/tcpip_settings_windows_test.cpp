// Runs under wine: writes the registry values, reads them back through the
// collector, and checks that absent values publish no sample.
#include "tcpip_settings_windows.h"

#include <gtest/gtest.h>
#include <windows.h>

#include "fakes/metric_lookup.h"

namespace portwatch {
namespace {

constexpr const wchar_t* kKey =
    L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters";

void SetDword(const wchar_t* name, DWORD value) {
  ASSERT_EQ(RegSetKeyValueW(HKEY_LOCAL_MACHINE, kKey, name, REG_DWORD, &value,
                            sizeof value),
            ERROR_SUCCESS);
}

void Delete(const wchar_t* name) {
  RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, kKey, name);
}

TEST(TcpipSettingsCollectorTest, PublishesValuesOnlyWhenSet) {
  Delete(L"TcpTimedWaitDelay");
  Delete(L"MaxUserPort");
  TcpipSettingsCollector collector;
  std::vector<prometheus::MetricFamily> out;
  collector.Collect(out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].metric.empty());
  EXPECT_TRUE(out[1].metric.empty());

  SetDword(L"TcpTimedWaitDelay", 30);
  SetDword(L"MaxUserPort", 65534);
  out.clear();
  collector.Collect(out);
  EXPECT_EQ(testing::SampleValue(
                out, "portwatch_windows_tcp_timed_wait_delay_seconds"),
            30.0);
  EXPECT_EQ(testing::SampleValue(out, "portwatch_windows_max_user_port"),
            65534.0);
  Delete(L"TcpTimedWaitDelay");
  Delete(L"MaxUserPort");
}

}  // namespace
}  // namespace portwatch
