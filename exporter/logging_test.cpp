#include "exporter/logging.h"

#include <gtest/gtest.h>
#include <spdlog/details/log_msg.h>

#include "base/log_line.h"

namespace portwatch {
namespace {

TEST(EscapeQuotedTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(EscapeQuoted("plain"), "plain");
  EXPECT_EQ(EscapeQuoted("say \"hi\""), "say \\\"hi\\\"");
  EXPECT_EQ(EscapeQuoted("a\\b"), "a\\\\b");
  EXPECT_EQ(EscapeQuoted("l1\nl2\t\r"), "l1\\nl2\\t\\r");
  EXPECT_EQ(EscapeQuoted(std::string("\x01", 1)), "\\u0001");
}

// One line as `format` writes it, without the timestamp.
std::string Format(LogFormat format, spdlog::level::level_enum level,
                   const std::string& payload) {
  const spdlog::details::log_msg message("portwatch", level, payload);
  spdlog::memory_buf_t out;
  MakeLogFormatter(format)->format(message, out);
  std::string line(out.data(), out.size());
  const std::size_t level_at = line.find("level");
  return line.substr(level_at);
}

TEST(LogFormatTest, LogfmtWritesFieldsAsFields) {
  EXPECT_EQ(Format(LogFormat::kLogfmt, spdlog::level::info,
                   LogLine("listening", {{"address", "[::1]:10058"},
                                         {"tls", "false"},
                                         {"err", "a \"b\" = c"},
                                         {"empty", ""}})),
            "level=info msg=\"listening\" address=[::1]:10058 tls=false "
            "err=\"a \\\"b\\\" = c\" empty=\"\"\n");
  EXPECT_EQ(Format(LogFormat::kLogfmt, spdlog::level::warn, "plain a=b"),
            "level=warning msg=\"plain a=b\"\n");
}

TEST(LogFormatTest, JsonWritesFieldsAsMembers) {
  EXPECT_EQ(Format(LogFormat::kJson, spdlog::level::err,
                   LogLine("collector failed",
                           {{"collector", "tcp"}, {"err", "bad\nline"}})),
            "level\":\"error\",\"msg\":\"collector failed\",\"collector\":"
            "\"tcp\",\"err\":\"bad\\nline\"}\n");
}

}  // namespace
}  // namespace portwatch
