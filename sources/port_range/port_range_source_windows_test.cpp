#include "sources/port_range/port_range_source_windows.h"

#include <gtest/gtest.h>

namespace portwatch {
namespace {

TEST(WindowsPortRangeSourceTest, EachFamilyHasItsOwnPortSpace) {
  WindowsPortRangeSource source(false);
  EXPECT_FALSE(source.SharesOnePortSpace());
}

}  // namespace
}  // namespace portwatch
