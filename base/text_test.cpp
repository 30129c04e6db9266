#include "base/text.h"

#include <gtest/gtest.h>

namespace portwatch {
namespace {

TEST(TextTest, TrimRemovesTheBlanksAtBothEndsOnly) {
  EXPECT_EQ(Trim(" \t32768\t61000 \r\n"), "32768\t61000");
  EXPECT_EQ(Trim("gzip ; q=0", " \t"), "gzip ; q=0");
  EXPECT_EQ(Trim(" \r\n", " "), "\r\n");
  EXPECT_EQ(Trim(" \t \r\n"), "");
  EXPECT_EQ(Trim(""), "");
  static_assert(Trim("  a  ") == "a");
}

TEST(TextTest, TrimEndKeepsTheFront) {
  EXPECT_EQ(TrimEnd("  Start Port : 49152 \r"), "  Start Port : 49152");
  EXPECT_EQ(TrimEnd("\r\n"), "");
  EXPECT_EQ(TrimEnd("x"), "x");
}

}  // namespace
}  // namespace portwatch
