#include "collectors/core/failure_log.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>

#include <memory>

namespace portwatch {
namespace {

/// Routes spdlog's default logger into memory for one test.
class CapturedLog {
 public:
  CapturedLog()
      : previous_(spdlog::default_logger()),
        sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(100)) {
    auto logger = std::make_shared<spdlog::logger>("test", sink_);
    logger->set_pattern("%l %v");
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(std::move(logger));
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  /// The lines logged so far, fields decoded as "key=value".
  std::vector<std::string> Lines() const {
    std::vector<std::string> lines;
    for (const std::string& raw : sink_->last_formatted()) {
      const std::string text = raw.substr(0, raw.find_last_not_of("\r\n") + 1);
      const std::size_t space = text.find(' ');
      const std::string payload = text.substr(space + 1);
      const DecodedLogLine line = DecodeLogLine(payload);
      std::string readable =
          text.substr(0, space) + " " + std::string(line.message);
      for (const auto& [key, value] : line.fields) {
        readable += " " + std::string(key) + "=" + std::string(value);
      }
      lines.push_back(readable);
    }
    return lines;
  }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
};

TEST(FailureLogTest, EachFailureOnceThenTheRecoveryOnce) {
  CapturedLog log;
  FailureLog failures(spdlog::level::err, "collector failed",
                      "collector recovered", {{"collector", "tcp"}});
  failures.Succeeded();  // nothing had failed
  failures.Failed("no such file");
  failures.Failed("no such file");
  failures.Failed("no such file");
  failures.Failed("permission denied");
  failures.Succeeded();
  failures.Succeeded();
  failures.Failed("permission denied");
  EXPECT_EQ(log.Lines(),
            (std::vector<std::string>{
                "error collector failed collector=tcp err=no such file",
                "error collector failed collector=tcp err=permission denied",
                "info collector recovered collector=tcp",
                "error collector failed collector=tcp err=permission denied",
            }));
}

}  // namespace
}  // namespace portwatch
