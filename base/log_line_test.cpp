#include "base/log_line.h"

#include <gtest/gtest.h>

namespace portwatch {
namespace {

using Fields = std::vector<std::pair<std::string_view, std::string_view>>;

TEST(LogLineTest, FieldsSurviveTheRoundTrip) {
  const std::string payload =
      LogLine("listening",
              {{"address", "[::1]:10058"}, {"tls", "false"}, {"empty", ""}});
  const DecodedLogLine line = DecodeLogLine(payload);
  EXPECT_EQ(line.message, "listening");
  EXPECT_EQ(
      line.fields,
      (Fields{{"address", "[::1]:10058"}, {"tls", "false"}, {"empty", ""}}));
}

TEST(LogLineTest, APlainMessageIsAllMessage) {
  const DecodedLogLine line = DecodeLogLine("from a library: a=b");
  EXPECT_EQ(line.message, "from a library: a=b");
  EXPECT_TRUE(line.fields.empty());
}

TEST(LogLineTest, SeparatorsInTextCannotForgeFields) {
  const std::string payload = LogLine(
      "a\x1f"
      "b\x1e"
      "c",
      {{"error",
        "x\x1f"
        "forged\x1e"
        "true"}});
  const DecodedLogLine line = DecodeLogLine(payload);
  EXPECT_EQ(line.message, "a b c");
  EXPECT_EQ(line.fields, (Fields{{"error", "x forged true"}}));
}

}  // namespace
}  // namespace portwatch
