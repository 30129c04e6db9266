#include <gtest/gtest.h>
#include <windows.h>

#include "self_process.h"

namespace portwatch {
namespace {

TEST(SelfProcessWindowsTest, CountsHandlesUpToTheFixedLimit) {
  const SelfProcessStats before = ReadSelfProcessStats();
  EXPECT_EQ(before.max_fds, 16.0 * 1024 * 1024);
  HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(ReadSelfProcessStats().open_fds, before.open_fds + 1);
  CloseHandle(event);
  EXPECT_EQ(ReadSelfProcessStats().open_fds, before.open_fds);
}

}  // namespace
}  // namespace portwatch
