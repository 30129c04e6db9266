// Tests of the exporter's own process_* families.
#include "exporter/process_metrics.h"

#include <gtest/gtest.h>

#include "base/source_error.h"
#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

using fakes::FindFamily;
using fakes::SampleValue;

TEST(ProcessMetricsTest, NamesTypesAndUnitsAsTheClientLibraries) {
  SelfProcessStats stats;
  stats.cpu_seconds = 1.5;
  stats.resident_memory_bytes = 2e7;
  stats.virtual_memory_bytes = 3e8;
  stats.start_time_seconds = 1.7e9;
  stats.open_fds = 12;
  stats.max_fds = 1024;
  const auto families =
      MakeProcessMetricsCollectable([stats] { return stats; })->Collect();
  ASSERT_EQ(families.size(), 6u);
  EXPECT_EQ(SampleValue(families, "process_cpu_seconds_total"), 1.5);
  EXPECT_EQ(FindFamily(families, "process_cpu_seconds_total")->type,
            prometheus::MetricType::Counter);
  EXPECT_EQ(SampleValue(families, "process_resident_memory_bytes"), 2e7);
  EXPECT_EQ(SampleValue(families, "process_virtual_memory_bytes"), 3e8);
  EXPECT_EQ(SampleValue(families, "process_start_time_seconds"), 1.7e9);
  EXPECT_EQ(SampleValue(families, "process_open_fds"), 12.0);
  EXPECT_EQ(SampleValue(families, "process_max_fds"), 1024.0);
  for (const auto& family : families) {
    if (family.name == "process_cpu_seconds_total") continue;
    EXPECT_EQ(family.type, prometheus::MetricType::Gauge) << family.name;
    ASSERT_EQ(family.metric.size(), 1u);
    EXPECT_TRUE(family.metric[0].label.empty()) << family.name;
  }
}

TEST(ProcessMetricsTest, AFailedReadLeavesTheFamiliesOutAndDoesNotThrow) {
  int calls = 0;
  const auto collectable = MakeProcessMetricsCollectable([&calls] {
    if (++calls == 1) throw SourceError("/proc/self/stat: gone");
    SelfProcessStats stats;
    stats.open_fds = 3;
    stats.virtual_memory_bytes = 1e6;
    return stats;
  });
  EXPECT_TRUE(collectable->Collect().empty());
  EXPECT_EQ(collectable->Collect().size(), 6u);  // and back
}

TEST(ProcessMetricsTest, WhatTheOsDoesNotKnowIsLeftOutNotZero) {
  const auto families = MakeProcessMetricsCollectable([] {
                          return SelfProcessStats{};
                        })->Collect();
  EXPECT_EQ(families.size(), 4u);
  EXPECT_EQ(FindFamily(families, "process_open_fds"), nullptr);
  EXPECT_EQ(FindFamily(families, "process_virtual_memory_bytes"), nullptr);
}

TEST(ProcessMetricsTest, ThisProcessIsRead) {
  // Under wine without open fds and virtual memory (self_process.h).
  const auto families = MakeProcessMetricsCollectable()->Collect();
  EXPECT_GE(families.size(), 4u);
  EXPECT_GT(SampleValue(families, "process_resident_memory_bytes").value_or(0),
            0.0);
  EXPECT_GT(SampleValue(families, "process_max_fds").value_or(0), 0.0);
  EXPECT_GT(SampleValue(families, "process_start_time_seconds").value_or(0),
            0.0);
  EXPECT_TRUE(SampleValue(families, "process_cpu_seconds_total").has_value());
}

}  // namespace
}  // namespace portwatch
