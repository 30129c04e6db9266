#pragma once

#include <string>
#include <vector>

namespace portwatch {

/// The HTML served at "/": name, version, a link to the metrics path and the
/// enabled collectors, all HTML-escaped.
std::string LandingPageHtml(const std::string& version,
                            const std::string& telemetry_path,
                            const std::vector<std::string>& collectors);

/// `text` with &, <, >, " and ' replaced by HTML entities.
std::string EscapeHtml(const std::string& text);

}  // namespace portwatch
