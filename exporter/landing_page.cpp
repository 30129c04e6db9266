#include "exporter/landing_page.h"

namespace portwatch {

std::string EscapeHtml(const std::string& text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string LandingPageHtml(const std::string& version,
                            const std::string& telemetry_path,
                            const std::vector<std::string>& collectors) {
  const std::string path = EscapeHtml(telemetry_path);
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
      "<title>portwatch exporter</title></head>\n<body>\n"
      "<h1>portwatch exporter</h1>\n<p>Warns before this host runs out of TCP "
      "ephemeral ports. Version " +
      EscapeHtml(version) + ".</p>\n<p><a href=\"" + path + "\">" + path +
      "</a></p>\n<h2>Enabled collectors</h2>\n<ul>\n";
  for (const std::string& collector : collectors) {
    html += "<li>" + EscapeHtml(collector) + "</li>\n";
  }
  html += "</ul>\n</body>\n</html>\n";
  return html;
}

}  // namespace portwatch
