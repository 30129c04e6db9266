#include "sources/port_range/port_range.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace portwatch {
namespace {

TEST(EphemeralPortRangeTest, CountsOnlyReservedPortsInsideTheRange) {
  EphemeralPortRange range(40000, 40999);
  EXPECT_EQ(range.size(), 1000u);
  range.Reserve(40010);
  range.Reserve(40010);  // twice counts once
  range.Reserve(39999);  // outside
  range.Reserve(41000);  // outside
  range.Reserve(40999);
  EXPECT_EQ(range.reserved_count(), 2u);
  EXPECT_EQ(range.usable_count(), 998u);
  EXPECT_TRUE(range.IsUsable(40000));
  EXPECT_FALSE(range.IsUsable(40010));
  EXPECT_FALSE(range.IsUsable(40999));
  EXPECT_FALSE(range.IsUsable(39999));
}

TEST(EphemeralPortRangeTest, WholePortSpaceSinglePortAndInvertedRanges) {
  EXPECT_EQ(EphemeralPortRange(0, 65535).size(), 65536u);
  EphemeralPortRange one(1024, 1024);
  one.Reserve(1024);
  EXPECT_EQ(one.usable_count(), 0u);
  EXPECT_THROW(EphemeralPortRange(2, 1), std::invalid_argument);
}

}  // namespace
}  // namespace portwatch
