#include <gtest/gtest.h>
#include <windows.h>

#include "sources/process/self_process.h"

namespace portwatch {
namespace {

// Whether this runs under wine, whose GetProcessHandleCount and private
// bytes are stubs that answer 0.
bool UnderWine() {
  const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll != nullptr &&
         GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

TEST(SelfProcessWindowsTest, CountsHandlesUpToTheFixedLimit) {
  const SelfProcessStats before = ReadSelfProcessStats();
  EXPECT_EQ(before.max_fds, 16.0 * 1024 * 1024);
  if (UnderWine()) {
    // An unknown count is left out, never published as 0.
    EXPECT_FALSE(before.open_fds.has_value());
    EXPECT_FALSE(before.virtual_memory_bytes.has_value());
    return;
  }
  ASSERT_TRUE(before.open_fds.has_value());
  EXPECT_GT(*before.virtual_memory_bytes, 0);
  HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(ReadSelfProcessStats().open_fds, *before.open_fds + 1);
  CloseHandle(event);
  EXPECT_EQ(ReadSelfProcessStats().open_fds, *before.open_fds);
}

}  // namespace
}  // namespace portwatch
