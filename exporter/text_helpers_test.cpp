// Tests of the small text helpers: log escaping and the landing page.
#include <gtest/gtest.h>

#include "landing_page.h"
#include "logging.h"

namespace portwatch {
namespace {

TEST(EscapeQuotedTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(EscapeQuoted("plain"), "plain");
  EXPECT_EQ(EscapeQuoted("say \"hi\""), "say \\\"hi\\\"");
  EXPECT_EQ(EscapeQuoted("a\\b"), "a\\\\b");
  EXPECT_EQ(EscapeQuoted("l1\nl2\t\r"), "l1\\nl2\\t\\r");
  EXPECT_EQ(EscapeQuoted(std::string("\x01", 1)), "\\u0001");
}

TEST(LandingPageTest, LinksMetricsAndListsCollectorsEscaped) {
  const std::string html =
      LandingPageHtml("1.2.3", "/metrics", {"tcp", "<script>"});
  EXPECT_NE(html.find("<a href=\"/metrics\">"), std::string::npos);
  EXPECT_NE(html.find("1.2.3"), std::string::npos);
  EXPECT_NE(html.find("<li>tcp</li>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
}

}  // namespace
}  // namespace portwatch
