#include "logging.h"

#include <gtest/gtest.h>

namespace portwatch {
namespace {

TEST(EscapeQuotedTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(EscapeQuoted("plain"), "plain");
  EXPECT_EQ(EscapeQuoted("say \"hi\""), "say \\\"hi\\\"");
  EXPECT_EQ(EscapeQuoted("a\\b"), "a\\\\b");
  EXPECT_EQ(EscapeQuoted("l1\nl2\t\r"), "l1\\nl2\\t\\r");
  EXPECT_EQ(EscapeQuoted(std::string("\x01", 1)), "\\u0001");
}

}  // namespace
}  // namespace portwatch
