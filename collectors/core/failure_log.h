#pragma once

#include <spdlog/spdlog.h>

#include <optional>
#include <string>
#include <vector>

#include "base/log_line.h"

namespace portwatch {

/// The log of one thing that is retried at every scrape (a collector, a
/// port range read, an Event Log subscription): a failure is logged when it
/// starts and when its error changes, and the recovery once, never the same
/// failure at every scrape. Not thread-safe: the owner serialises calls.
class FailureLog {
 public:
  /// `failed` and `recovered` are the messages; `fields` go on every line
  /// (e.g. collector=tcp), then the error as field `err`.
  FailureLog(spdlog::level::level_enum level, std::string failed,
             std::string recovered, std::vector<LogField> fields = {});

  /// Logs `error` unless it is the failure logged last.
  void Failed(const std::string& error);
  /// Logs the recovery if the last call was a failure.
  void Succeeded();

 private:
  spdlog::level::level_enum level_;
  std::string failed_;
  std::string recovered_;
  std::vector<LogField> fields_;
  std::optional<std::string> last_error_;
};

}  // namespace portwatch
