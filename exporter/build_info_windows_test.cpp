// The Windows build says os="windows" (the Linux build has its own test).
#include <gtest/gtest.h>

#include "exporter/build_info.h"

namespace portwatch {
namespace {

TEST(BuildInfoWindowsTest, OsIsWindows) {
  EXPECT_EQ(CurrentBuildInfo().os, "windows");
}

}  // namespace
}  // namespace portwatch
