#include "base/log_line.h"

namespace portwatch {
namespace {

// Separators no log text contains (they are replaced if it does).
constexpr char kFieldSeparator = '\x1f';  // before each field
constexpr char kValueSeparator = '\x1e';  // between a key and its value

void AppendClean(std::string& out, std::string_view text) {
  for (char c : text) {
    out += c == kFieldSeparator || c == kValueSeparator ? ' ' : c;
  }
}

}  // namespace

std::string LogLine(std::string_view message,
                    std::initializer_list<LogField> fields) {
  return LogLine(message, std::vector<LogField>(fields));
}

std::string LogLine(std::string_view message,
                    const std::vector<LogField>& fields) {
  std::string payload;
  AppendClean(payload, message);
  for (const LogField& field : fields) {
    payload += kFieldSeparator;
    AppendClean(payload, field.key);
    payload += kValueSeparator;
    AppendClean(payload, field.value);
  }
  return payload;
}

DecodedLogLine DecodeLogLine(std::string_view payload) {
  DecodedLogLine line;
  std::size_t end = payload.find(kFieldSeparator);
  line.message = payload.substr(0, end);
  while (end != std::string_view::npos) {
    const std::size_t start = end + 1;
    end = payload.find(kFieldSeparator, start);
    const std::string_view field = payload.substr(
        start, end == std::string_view::npos ? end : end - start);
    const std::size_t split = field.find(kValueSeparator);
    if (split == std::string_view::npos) {
      line.fields.emplace_back(field, std::string_view());
    } else {
      line.fields.emplace_back(field.substr(0, split), field.substr(split + 1));
    }
  }
  return line;
}

}  // namespace portwatch
