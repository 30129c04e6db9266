#include "collectors/process/process_ranking.h"

#include <gtest/gtest.h>

#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

constexpr AddressFamily kV4 = AddressFamily::kIpv4;
constexpr AddressFamily kV6 = AddressFamily::kIpv6;

ProcessTally Tally(std::uint32_t pid, std::uint64_t established,
                   std::uint64_t v6_close_wait = 0) {
  ProcessTally tally;
  tally.pid = pid;
  tally.sockets.Add(kV4, TcpState::kEstablished, established);
  tally.sockets.Add(kV6, TcpState::kCloseWait, v6_close_wait);
  return tally;
}

TEST(TopProcessesTest, KeepsTheKWithMostSocketsTiesByPid) {
  TopProcesses top(3);
  for (auto tally : {Tally(1, 5), Tally(2, 9), Tally(3, 0), Tally(4, 7),
                     Tally(5, 5), Tally(6, 1), Tally(7, 2, 5)}) {
    top.Offer(tally);
  }
  const auto sorted = top.Sorted();
  ASSERT_EQ(sorted.size(), 3u);
  EXPECT_EQ(sorted[0].pid, 2u);
  EXPECT_EQ(sorted[1].pid, 4u);
  EXPECT_EQ(sorted[2].pid, 7u);  // 7 in two states beats 1 and 5 with 5
  TopProcesses none(0);
  none.Offer(Tally(1, 5));
  EXPECT_TRUE(none.Sorted().empty());
  TopProcesses idle(2);
  idle.Offer(Tally(1, 0));
  EXPECT_TRUE(idle.Sorted().empty());
}

TEST(ProcessFamiliesTest, LabelsNonZeroStatesAndAlwaysTheUnowned) {
  ProcessIdentity svchost{900, "svchost.exe", "Dnscache,NlaSvc", 0};
  ProcessIdentity nginx{12, "nginx", "", 4026531840};
  SocketTally unowned;
  unowned.Add(kV4, TcpState::kTimeWait, 40);
  const auto out = ProcessMetricFamilies({Tally(900, 3), Tally(12, 1, 2)},
                                         {svchost, nginx}, unowned);
  EXPECT_EQ(fakes::SampleValue(
                out, "portwatch_process_ephemeral_sockets",
                {"pid=900", "process=svchost.exe", "services=Dnscache,NlaSvc",
                 "family=ipv4", "state=established"}),
            3);
  EXPECT_EQ(fakes::SampleValue(out, "portwatch_process_ephemeral_sockets",
                               {"pid=12", "process=nginx", "netns=4026531840",
                                "family=ipv6", "state=close_wait"}),
            2);
  const auto* family =
      fakes::FindFamily(out, "portwatch_process_ephemeral_sockets");
  ASSERT_NE(family, nullptr);
  EXPECT_EQ(family->metric.size(), 3u);  // only non-zero states
  for (const auto& metric : family->metric) {
    for (const auto& label : metric.label) {
      EXPECT_NE(label.name,
                metric.label[0].value == "900" ? "netns" : "services");
    }
  }
  EXPECT_EQ(
      fakes::SampleValue(out, "portwatch_process_unowned_ephemeral_sockets",
                         {"family=ipv4", "state=time_wait"}),
      40);
  EXPECT_EQ(
      fakes::SampleValue(out, "portwatch_process_unowned_ephemeral_sockets",
                         {"family=ipv6", "state=listen"}),
      0);
}

}  // namespace
}  // namespace portwatch
