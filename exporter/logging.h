#pragma once

#include <string>
#include <string_view>

namespace portwatch {

/// Escapes `text` for a double-quoted logfmt or JSON value: quotes,
/// backslashes and control characters become backslash escapes.
std::string EscapeQuoted(std::string_view text);

/// Sends spdlog's default logger to stderr as logfmt ("ts=... level=...
/// msg=\"...\"") or JSON lines, UTC timestamps, at `level` (debug, info,
/// warn, error). Call once at start, before other threads log.
void ConfigureLogging(const std::string& level, const std::string& format);

}  // namespace portwatch
