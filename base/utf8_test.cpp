#include "base/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace portwatch {
namespace {

const std::string kFffd(kReplacementCharacter);

TEST(Utf8Test, KeepsValidText) {
  for (const std::string& text :
       {std::string(), std::string("nginx"), std::string("caf\xC3\xA9"),
        std::string("\xE2\x82\xAC 100"), std::string("\xF0\x9F\x98\x80"),
        std::string("\xF4\x8F\xBF\xBF"), std::string("a\0b", 3),
        std::string("ev\"l\\ \n")}) {
    EXPECT_TRUE(IsValidUtf8(text)) << text;
    EXPECT_EQ(ValidUtf8(text), text);
  }
}

TEST(Utf8Test, ReplacesTheBytesOfTheIssue) {
  // A process that named itself with prctl(PR_SET_NAME) to these bytes.
  const std::string name = "ev\xFF\"l\\";
  EXPECT_FALSE(IsValidUtf8(name));
  EXPECT_EQ(ValidUtf8(name), "ev" + kFffd + "\"l\\");
}

TEST(Utf8Test, ReplacesEachMaximalSubpartOnce) {
  // Unicode 15, table 3-8: "61 F1 80 80 E1 80 C2 62 80 63 80 BF 64"
  // becomes a, FFFD, FFFD, FFFD, b, FFFD, c, FFFD, FFFD, d.
  EXPECT_EQ(
      ValidUtf8("a\xF1\x80\x80\xE1\x80\xC2"
                "b\x80"
                "c\x80\xBF"
                "d"),
      "a" + kFffd + kFffd + kFffd + "b" + kFffd + "c" + kFffd + kFffd + "d");
}

TEST(Utf8Test, RefusesOverlongSurrogateAndOutOfRangeForms) {
  for (const char* bad :
       {"\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xE0\x9F\xBF", "\xED\xA0\x80",
        "\xED\xBF\xBF", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80",
        "\xF5\x80\x80\x80", "\xFE", "\xFF", "\x80", "\xC3", "\xE2\x82",
        "\xF0\x9F\x98"}) {
    EXPECT_FALSE(IsValidUtf8(bad)) << testing::PrintToString(bad);
    const std::string fixed = ValidUtf8(bad);
    EXPECT_TRUE(IsValidUtf8(fixed)) << testing::PrintToString(bad);
    EXPECT_NE(fixed.find(kFffd), std::string::npos);
  }
  // A truncated sequence is one maximal subpart; what follows is kept.
  EXPECT_EQ(ValidUtf8("\xE2\x82x"), kFffd + "x");
  EXPECT_EQ(ValidUtf8("\xF0\x9F\x98"), kFffd);
  // A lead byte that cannot start anything is replaced alone.
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), kFffd + kFffd);
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80"), kFffd + kFffd + kFffd);
}

TEST(Utf8Test, IsIdempotent) {
  const std::string once = ValidUtf8("\xFF\xFE\xC3(\xE2\x28\xA1");
  EXPECT_TRUE(IsValidUtf8(once));
  EXPECT_EQ(ValidUtf8(once), once);
}

}  // namespace
}  // namespace portwatch
