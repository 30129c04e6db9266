#include "exporter/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

#include "base/log_line.h"

namespace portwatch {
namespace {

// Whether a logfmt value can go unquoted: a non-empty run of characters
// that are neither space, quote, '=' nor control.
bool IsBareLogfmtValue(std::string_view value) {
  if (value.empty()) return false;
  for (char c : value) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '=' ||
        c == '\\' || c == 0x7f) {
      return false;
    }
  }
  return true;
}

void Append(spdlog::memory_buf_t& dest, std::string_view text) {
  dest.append(text.data(), text.data() + text.size());
}

/// The %* pattern flag: the message and fields of a LogLine payload, as
/// `msg="..." key=value ...` (logfmt) or `"msg":"...","key":"value"`
/// (JSON members, the braces are in the pattern).
class FieldsFlag : public spdlog::custom_flag_formatter {
 public:
  explicit FieldsFlag(LogFormat format) : format_(format) {}
  void format(const spdlog::details::log_msg& message, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const DecodedLogLine line = DecodeLogLine(
        std::string_view(message.payload.data(), message.payload.size()));
    if (format_ == LogFormat::kJson) {
      Append(dest, "\"msg\":\"" + EscapeQuoted(line.message) + "\"");
      for (const auto& [key, value] : line.fields) {
        Append(dest, ",\"" + EscapeQuoted(key) + "\":\"" + EscapeQuoted(value) +
                         "\"");
      }
      return;
    }
    Append(dest, "msg=\"" + EscapeQuoted(line.message) + "\"");
    for (const auto& [key, value] : line.fields) {
      Append(dest, " ");
      Append(dest, key);
      Append(dest, "=");
      Append(dest, IsBareLogfmtValue(value)
                       ? std::string(value)
                       : "\"" + EscapeQuoted(value) + "\"");
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<FieldsFlag>(format_);
  }

 private:
  LogFormat format_;
};

}  // namespace

std::string EscapeQuoted(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '"':
        escaped += "\\\"";
        break;
      case '\\':
        escaped += "\\\\";
        break;
      case '\n':
        escaped += "\\n";
        break;
      case '\t':
        escaped += "\\t";
        break;
      case '\r':
        escaped += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char code[8];
          std::snprintf(code, sizeof code, "\\u%04x",
                        static_cast<unsigned>(static_cast<unsigned char>(c)));
          escaped += code;
        } else {
          escaped += c;
        }
    }
  }
  return escaped;
}

std::unique_ptr<spdlog::formatter> MakeLogFormatter(LogFormat format) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>(
      spdlog::pattern_time_type::utc, std::string("\n"));
  formatter->add_flag<FieldsFlag>('*', format);
  if (format == LogFormat::kJson) {
    formatter->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%*})");
  } else {
    formatter->set_pattern(R"(ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l %*)");
  }
  return formatter;
}

void ConfigureLogging(LogLevel level, LogFormat format) {
  auto logger = std::make_shared<spdlog::logger>(
      "portwatch", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_formatter(MakeLogFormatter(format));
  logger->set_level(static_cast<spdlog::level::level_enum>(level));
  logger->flush_on(spdlog::level::debug);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace portwatch
