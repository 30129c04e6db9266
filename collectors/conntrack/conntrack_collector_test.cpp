#include "collectors/conntrack/conntrack_collector.h"

#include <gtest/gtest.h>

#include "tests/fakes/fake_sources.h"
#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

using fakes::FindFamily;
using fakes::SampleValue;

std::vector<prometheus::MetricFamily> Collect(ConntrackSource& source) {
  ConntrackCollector collector(source);
  std::vector<prometheus::MetricFamily> out;
  collector.Collect(out);
  return out;
}

TEST(ConntrackCollectorTest, NothingWhereConntrackIsNotInUse) {
  fakes::FakeConntrackSource source;
  EXPECT_TRUE(Collect(source).empty());
}

TEST(ConntrackCollectorTest, PublishesTheFillAndEveryCounterItRead) {
  fakes::FakeConntrackSource source;
  ConntrackReading reading;
  reading.stats.entries = 42;
  reading.stats.max_entries = 262144;
  reading.stats.buckets = 65536;
  reading.stats[ConntrackCounter::kInsertFailed] = 20;
  reading.stats[ConntrackCounter::kDrop] = 21;
  reading.counters_source = "netlink";
  source.reading = reading;
  const auto out = Collect(source);
  EXPECT_EQ(SampleValue(out, "portwatch_conntrack_entries", {}), 42);
  EXPECT_EQ(SampleValue(out, "portwatch_conntrack_entries_limit", {}), 262144);
  EXPECT_EQ(SampleValue(out, "portwatch_conntrack_buckets", {}), 65536);
  EXPECT_EQ(SampleValue(out, "portwatch_conntrack_insert_failed_total", {}),
            20);
  EXPECT_EQ(SampleValue(out, "portwatch_conntrack_drop_total", {}), 21);
  EXPECT_EQ(FindFamily(out, "portwatch_conntrack_insert_failed_total")->type,
            prometheus::MetricType::Counter);
  // A counter the kernel did not report is left out, not published as 0.
  EXPECT_EQ(FindFamily(out, "portwatch_conntrack_clash_resolve_total"),
            nullptr);
  EXPECT_EQ(SampleValue(out, "portwatch_conntrack_stats_source_info",
                        {"source=netlink"}),
            1);
}

TEST(ConntrackCollectorTest, WithoutCountersOnlyTheFill) {
  fakes::FakeConntrackSource source;
  ConntrackReading reading;
  reading.stats.max_entries = 1024;
  reading.netlink_unavailable =
      "ctnetlink: kernel error: Operation not "
      "permitted (needs CAP_NET_ADMIN); and no "
      "/proc/net/stat/nf_conntrack";
  source.reading = reading;
  const auto out = Collect(source);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].name, "portwatch_conntrack_entries_limit");
}

TEST(ConntrackCollectorTest, AFailedReadFailsTheCollector) {
  fakes::FakeConntrackSource source;
  source.error = "nf_conntrack_max: not a number";
  EXPECT_THROW(Collect(source), SourceError);
}

}  // namespace
}  // namespace portwatch
