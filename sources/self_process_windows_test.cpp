#include <gtest/gtest.h>
#include <windows.h>

#include <ctime>

#include "self_process.h"

namespace portwatch {
namespace {

TEST(SelfProcessWindowsTest, ReportsThisProcess) {
  const SelfProcessStats before = ReadSelfProcessStats();
  EXPECT_GT(before.resident_memory_bytes, 1 << 20);
  EXPECT_GT(before.virtual_memory_bytes, 0);
  EXPECT_EQ(before.max_fds, 16.0 * 1024 * 1024);
  // Started in the last hour, not in the future.
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(before.start_time_seconds, now + 1);
  EXPECT_GT(before.start_time_seconds, now - 3600);
  // A handle more is counted.
  HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  ASSERT_NE(event, nullptr);
  const SelfProcessStats with_event = ReadSelfProcessStats();
  EXPECT_EQ(with_event.open_fds, before.open_fds + 1);
  CloseHandle(event);
  // CPU time only grows, and grows with work.
  volatile std::uint64_t sink = 0;
  const double cpu_before = ReadSelfProcessStats().cpu_seconds;
  while (ReadSelfProcessStats().cpu_seconds <= cpu_before) {
    for (int i = 0; i < 1000000; ++i) sink = sink + i;
  }
  EXPECT_GT(ReadSelfProcessStats().cpu_seconds, cpu_before);
}

}  // namespace
}  // namespace portwatch
