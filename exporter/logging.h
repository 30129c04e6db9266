#pragma once

#include <string>
#include <string_view>

namespace portwatch {

/// Escapes `text` for a double-quoted logfmt or JSON value: quotes,
/// backslashes and control characters become backslash escapes.
std::string EscapeQuoted(std::string_view text);

/// The lowest level logged (--log.level).
enum class LogLevel { kDebug, kInfo, kWarn, kError };

/// How log lines are written (--log.format).
enum class LogFormat { kLogfmt, kJson };

/// Sends spdlog's default logger to stderr as logfmt ("ts=... level=...
/// msg=\"...\"") or JSON lines, UTC timestamps, at `level` and above. Call
/// once at start, before other threads log.
void ConfigureLogging(LogLevel level, LogFormat format);

}  // namespace portwatch
