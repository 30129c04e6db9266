#pragma once

#include <spdlog/common.h>
#include <spdlog/formatter.h>

#include <memory>
#include <string>
#include <string_view>

namespace portwatch {

/// Escapes `text` for a double-quoted logfmt or JSON value: quotes,
/// backslashes and control characters become backslash escapes.
std::string EscapeQuoted(std::string_view text);

/// The lowest level logged (--log.level); the values are spdlog's.
enum class LogLevel {
  kDebug = SPDLOG_LEVEL_DEBUG,
  kInfo = SPDLOG_LEVEL_INFO,
  kWarn = SPDLOG_LEVEL_WARN,
  kError = SPDLOG_LEVEL_ERROR,
};

/// How log lines are written (--log.format).
enum class LogFormat { kLogfmt, kJson };

/// The formatter of every log line: UTC timestamp, level, then the message
/// and the fields of a LogLine (log_line.h), as logfmt or as JSON.
std::unique_ptr<spdlog::formatter> MakeLogFormatter(LogFormat format);

/// Sends spdlog's default logger to stderr as logfmt lines
/// (`ts=... level=info msg="listening" address=...`) or JSON lines, UTC
/// timestamps, at `level` and above; the fields of a LogLine (log_line.h)
/// become real logfmt fields or JSON members. Call once at start, before
/// other threads log.
void ConfigureLogging(LogLevel level, LogFormat format);

}  // namespace portwatch
