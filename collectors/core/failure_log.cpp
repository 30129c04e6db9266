#include "collectors/core/failure_log.h"

#include <utility>

namespace portwatch {
namespace {

// `message` with `fields` and, when given, err=`error`.
std::string Line(const std::string& message, std::vector<LogField> fields,
                 const std::string* error) {
  if (error != nullptr) fields.push_back({"err", *error});
  return LogLine(message, fields);
}

}  // namespace

FailureLog::FailureLog(spdlog::level::level_enum level, std::string failed,
                       std::string recovered, std::vector<LogField> fields)
    : level_(level),
      failed_(std::move(failed)),
      recovered_(std::move(recovered)),
      fields_(std::move(fields)) {}

void FailureLog::Failed(const std::string& error) {
  if (last_error_ == error) return;
  spdlog::log(level_, Line(failed_, fields_, &error));
  last_error_ = error;
}

void FailureLog::Succeeded() {
  if (!last_error_) return;
  spdlog::info(Line(recovered_, fields_, nullptr));
  last_error_.reset();
}

}  // namespace portwatch
