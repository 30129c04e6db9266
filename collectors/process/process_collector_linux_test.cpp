#include <gtest/gtest.h>

#include "collectors/process/process_collector.h"
#include "tests/fakes/fake_sources.h"
#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

using fakes::Row;
using fakes::SampleValue;
constexpr AddressFamily kV4 = AddressFamily::kIpv4;

/// The Linux process collector built from its definition over fakes.
class ProcessCollectorLinuxTest : public ::testing::Test {
 protected:
  ProcessCollectorLinuxTest() {
    auto ranges = std::make_unique<fakes::FakePortRangeSource>();
    ranges->shared = true;
    ranges->ranges[kV4] = EphemeralPortRange(40000, 40099);
    ranges->ranges[AddressFamily::kIpv6] = EphemeralPortRange(40000, 40099);
    ranges_ = ranges.get();
    auto sockets = std::make_unique<fakes::FakeSocketSource>();
    sockets_ = sockets.get();
    auto processes = std::make_unique<fakes::FakeProcessSockets>();
    processes_ = processes.get();
    auto names = std::make_unique<fakes::FakeProcessNames>();
    names_ = names.get();
    auto namespaces = std::make_unique<fakes::FakeNetnsSource>();
    namespaces_ = namespaces.get();
    sources_.port_ranges = std::move(ranges);
    sources_.sockets = std::move(sockets);
    sources_.process_sockets = std::move(processes);
    sources_.process_names = std::move(names);
    sources_.network_namespaces = std::move(namespaces);
  }

  std::vector<prometheus::MetricFamily> Collect(
      const std::vector<std::pair<std::string, std::string>>& flags = {}) {
    CollectorDefinition definition = ProcessCollectorDefinition();
    SourceOptions sources_options;
    FlagSet flag_set;
    definition.declare_flags(flag_set, sources_options);
    for (const auto& [name, value] : flags) flag_set.Apply(name, value);
    auto collector = definition.make(sources_);
    std::vector<prometheus::MetricFamily> out;
    collector->Collect(out);
    return out;
  }

  /// `count` ESTABLISHED sockets from port `first_port` up, inodes from
  /// `first_inode` up, into `rows`.
  static void Sockets(std::vector<SocketRow>& rows, int count,
                      std::uint16_t first_port, std::uint32_t first_inode) {
    for (int i = 0; i < count; ++i) {
      SocketRow row =
          Row(kV4, TcpState::kEstablished, "10.0.0.1",
              static_cast<std::uint16_t>(first_port + i), "10.0.0.2", 443);
      row.inode = first_inode + static_cast<std::uint32_t>(i);
      rows.push_back(row);
    }
  }

  PlatformSources sources_;
  fakes::FakePortRangeSource* ranges_;
  fakes::FakeSocketSource* sockets_;
  fakes::FakeProcessSockets* processes_;
  fakes::FakeProcessNames* names_;
  fakes::FakeNetnsSource* namespaces_;
};

TEST_F(ProcessCollectorLinuxTest, CreditsEachProcessWithTheSocketsItHolds) {
  Sockets(sockets_->rows, 5, 40000, 100);  // inodes 100-104
  Sockets(sockets_->rows, 3, 40010, 200);  // inodes 200-202
  sockets_->rows.push_back(
      Row(kV4, TcpState::kTimeWait, "10.0.0.1", 40050, "10.0.0.2", 443));
  processes_->processes[7] = {100, 101, 102, 103, 104, 9999};
  processes_->processes[8] = {200};
  processes_->processes[9] = {};
  processes_->denied = 2;
  names_->known[7] = {7, "java", "", 4026531840};
  const auto out = Collect();
  EXPECT_EQ(SampleValue(out, "portwatch_process_ephemeral_sockets",
                        {"pid=7", "process=java", "state=established"}),
            5);
  EXPECT_EQ(SampleValue(out, "portwatch_process_ephemeral_sockets",
                        {"pid=8", "state=established"}),
            1);
  EXPECT_EQ(SampleValue(out, "portwatch_process_unowned_ephemeral_sockets",
                        {"family=ipv4", "state=established"}),
            2);
  EXPECT_EQ(SampleValue(out, "portwatch_process_unowned_ephemeral_sockets",
                        {"family=ipv4", "state=time_wait"}),
            1);
  EXPECT_EQ(SampleValue(out, "portwatch_process_scanned_processes",
                        {"result=denied"}),
            2);
  EXPECT_EQ(SampleValue(out, "portwatch_process_untracked_sockets"), 0);
  EXPECT_EQ(names_->asked, (std::vector<std::uint32_t>{7, 8}));
}

TEST_F(ProcessCollectorLinuxTest, TopKAndTheSocketCapAreFlags) {
  Sockets(sockets_->rows, 4, 40000, 100);
  Sockets(sockets_->rows, 2, 40010, 200);
  processes_->processes[7] = {100, 101, 102, 103};
  processes_->processes[8] = {200, 201};
  auto out = Collect({{"collector.process.top-processes", "1"}});
  EXPECT_TRUE(
      SampleValue(out, "portwatch_process_ephemeral_sockets", {"pid=7"}));
  EXPECT_FALSE(
      SampleValue(out, "portwatch_process_ephemeral_sockets", {"pid=8"}));
  out = Collect({{"collector.process.max-tracked-sockets", "3"}});
  EXPECT_EQ(SampleValue(out, "portwatch_process_untracked_sockets"), 3);
  EXPECT_EQ(SampleValue(out, "portwatch_process_ephemeral_sockets", {"pid=7"}),
            3);
}

TEST_F(ProcessCollectorLinuxTest, AllNamespacesUsesEachNamespacesOwnRange) {
  auto& pod = namespaces_->Add(4026532001);  // range 40000-40009
  Sockets(pod.sockets.rows, 3, 40005, 300);  // 40005-40007: ephemeral
  Sockets(pod.sockets.rows, 2, 40050, 400);  // outside the pod's range
  processes_->processes[50] = {300, 301, 302, 400, 401};
  auto out = Collect({{"collector.process.all-namespaces", "true"}});
  EXPECT_EQ(SampleValue(out, "portwatch_process_ephemeral_sockets", {"pid=50"}),
            3);
  // Without the flag only the exporter's own (empty) table is read.
  out = Collect();
  EXPECT_FALSE(
      SampleValue(out, "portwatch_process_ephemeral_sockets", {"pid=50"}));
}

TEST_F(ProcessCollectorLinuxTest, MissingPrivilegesFailTheCollector) {
  processes_->error = "missing CAP_SYS_PTRACE";
  EXPECT_THROW(Collect(), SourceError);
}

}  // namespace
}  // namespace portwatch
