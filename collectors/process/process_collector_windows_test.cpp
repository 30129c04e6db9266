#include <gtest/gtest.h>

#include "collectors/process/process_collector.h"
#include "tests/fakes/fake_sources.h"
#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

using fakes::Row;
using fakes::SampleValue;
constexpr AddressFamily kV4 = AddressFamily::kIpv4;
constexpr AddressFamily kV6 = AddressFamily::kIpv6;

/// The Windows process collector built from its definition over fakes.
class ProcessCollectorWindowsTest : public ::testing::Test {
 protected:
  ProcessCollectorWindowsTest() {
    auto ranges = std::make_unique<fakes::FakePortRangeSource>();
    ranges->ranges[kV4] = EphemeralPortRange(49152, 65535);
    ranges->ranges[kV6] = EphemeralPortRange(49152, 65535);
    auto sockets = std::make_unique<fakes::FakeSocketSource>();
    sockets_ = sockets.get();
    auto names = std::make_unique<fakes::FakeProcessNames>();
    names_ = names.get();
    sources_.port_ranges = std::move(ranges);
    sources_.sockets = std::move(sockets);
    sources_.process_names = std::move(names);
  }

  std::vector<prometheus::MetricFamily> Collect(std::string top = "10") {
    CollectorDefinition definition = ProcessCollectorDefinition();
    EXPECT_TRUE(definition.enabled_by_default);
    SourceOptions sources_options;
    FlagSet flags;
    definition.declare_flags(flags, sources_options);
    flags.Apply("collector.process.top-processes", top);
    std::vector<prometheus::MetricFamily> out;
    definition.make(sources_)->Collect(out);
    return out;
  }

  void Sockets(AddressFamily family, TcpState state, int count,
               std::uint32_t pid, std::uint16_t first_port) {
    for (int i = 0; i < count; ++i) {
      SocketRow row = Row(family, state, family == kV4 ? "10.0.0.1" : "fd00::1",
                          static_cast<std::uint16_t>(first_port + i),
                          family == kV4 ? "10.0.0.2" : "fd00::2", 443);
      row.owner_pid = pid;
      sockets_->rows.push_back(row);
    }
  }

  PlatformSources sources_;
  fakes::FakeSocketSource* sockets_;
  fakes::FakeProcessNames* names_;
};

TEST_F(ProcessCollectorWindowsTest, TalliesByOwningPidAndNamesTheTopK) {
  Sockets(kV4, TcpState::kEstablished, 6, 1200, 50000);
  Sockets(kV6, TcpState::kEstablished, 2, 1200, 50100);
  Sockets(kV4, TcpState::kCloseWait, 3, 900, 50200);
  Sockets(kV4, TcpState::kTimeWait, 40, 0, 51000);  // no owner
  Sockets(kV4, TcpState::kListen, 1, 900, 445);     // not ephemeral
  Sockets(kV4, TcpState::kEstablished, 1, 77, 52000);
  names_->known[1200] = {1200, "client.exe", "", 0};
  names_->known[900] = {900, "svchost.exe", "Dnscache,NlaSvc", 0};
  auto out = Collect("2");
  EXPECT_EQ(SampleValue(out, "portwatch_process_ephemeral_sockets",
                        {"pid=1200", "process=client.exe", "family=ipv4",
                         "state=established"}),
            6);
  EXPECT_EQ(SampleValue(out, "portwatch_process_ephemeral_sockets",
                        {"pid=1200", "family=ipv6", "state=established"}),
            2);
  EXPECT_EQ(SampleValue(out, "portwatch_process_ephemeral_sockets",
                        {"pid=900", "process=svchost.exe",
                         "services=Dnscache,NlaSvc", "state=close_wait"}),
            3);
  EXPECT_FALSE(
      SampleValue(out, "portwatch_process_ephemeral_sockets", {"pid=77"}));
  EXPECT_FALSE(SampleValue(out, "portwatch_process_ephemeral_sockets",
                           {"state=listen"}));
  EXPECT_EQ(SampleValue(out, "portwatch_process_unowned_ephemeral_sockets",
                        {"family=ipv4", "state=time_wait"}),
            40);
  EXPECT_EQ(names_->asked, (std::vector<std::uint32_t>{1200, 900}));
}

TEST_F(ProcessCollectorWindowsTest, WithoutARangeItRanksByAllSockets) {
  auto ranges = std::make_unique<fakes::FakePortRangeSource>();
  ranges->fail = true;
  sources_.port_ranges = std::move(ranges);
  Sockets(kV4, TcpState::kListen, 1, 900, 445);
  Sockets(kV4, TcpState::kTimeWait, 3, 0, 51000);
  const auto out = Collect();
  EXPECT_EQ(SampleValue(out, "portwatch_process_sockets",
                        {"pid=900", "state=listen"}),
            1);
  EXPECT_EQ(SampleValue(out, "portwatch_process_unowned_sockets",
                        {"family=ipv4", "state=time_wait"}),
            3);
  EXPECT_EQ(fakes::FindFamily(out, "portwatch_process_ephemeral_sockets"),
            nullptr);
}

}  // namespace
}  // namespace portwatch
