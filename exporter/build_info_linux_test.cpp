// The Linux build says os="linux" (the Windows build has its own test).
#include <gtest/gtest.h>

#include "exporter/build_info.h"

namespace portwatch {
namespace {

TEST(BuildInfoLinuxTest, OsIsLinux) {
  EXPECT_EQ(CurrentBuildInfo().os, "linux");
}

}  // namespace
}  // namespace portwatch
