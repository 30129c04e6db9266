// What ReadSelfProcessStats reports on every platform; the descriptor
// counts are checked per platform (self_process_<os>_test.cpp).
#include "sources/process/self_process.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <ctime>

namespace portwatch {
namespace {

TEST(SelfProcessTest, MemoryAndStartTimeOfThisProcess) {
  const SelfProcessStats stats = ReadSelfProcessStats();
  EXPECT_GT(stats.resident_memory_bytes, 1 << 20);
  EXPECT_GT(stats.max_fds, stats.open_fds.value_or(0));
  // Started in the last hour, not in the future.
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(stats.start_time_seconds, now + 1);
  EXPECT_GT(stats.start_time_seconds, now - 3600);
}

TEST(SelfProcessTest, CpuTimeGrowsWithWork) {
  volatile std::uint64_t sink = 0;
  const double before = ReadSelfProcessStats().cpu_seconds;
  EXPECT_GE(before, 0);
  while (ReadSelfProcessStats().cpu_seconds <= before) {
    for (int i = 0; i < 1000000; ++i) sink = sink + i;
  }
  EXPECT_GT(ReadSelfProcessStats().cpu_seconds, before);
}

}  // namespace
}  // namespace portwatch
