#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portwatch {

/// One field of a structured log line: a key (a plain word such as
/// "address") and its value.
struct LogField {
  std::string_view key;
  std::string value;
};

/// Encodes a log message and its fields into one spdlog payload, which the
/// exporter's log format (exporter/logging.cpp) writes as real fields:
/// `msg="listening" address=127.0.0.1:10058` in logfmt,
/// `"msg":"listening","address":"127.0.0.1:10058"` in JSON. Use it for every
/// log line: spdlog::info(LogLine("listening", {{"address", address}})).
std::string LogLine(std::string_view message,
                    std::initializer_list<LogField> fields = {});
std::string LogLine(std::string_view message,
                    const std::vector<LogField>& fields);

/// A payload split back into its message and fields (views into it). A
/// payload LogLine did not make is all message.
struct DecodedLogLine {
  std::string_view message;
  std::vector<std::pair<std::string_view, std::string_view>> fields;
};

/// Splits what LogLine encoded (the exporter's log formatter).
DecodedLogLine DecodeLogLine(std::string_view payload);

}  // namespace portwatch
