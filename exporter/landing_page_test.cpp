#include "exporter/landing_page.h"

#include <gtest/gtest.h>

namespace portwatch {
namespace {

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
