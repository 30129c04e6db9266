#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace portwatch {

/// Shares one collection among concurrent scrapes: a scrape that arrives
/// while a collection is running waits for it and gets its result instead of
/// reading the socket table again; a scrape that arrives when none is
/// running starts a new one (results are never reused after they finish).
/// Thread-safe; owns the collect function.
class ScrapeCoalescer {
 public:
  using Result = std::shared_ptr<const std::string>;

  /// `collect` returns the serialised scrape; it may throw, and then the
  /// error is logged and every scrape waiting on that collection gets a
  /// null Result.
  explicit ScrapeCoalescer(std::function<Result()> collect);

  Result Scrape();

  /// How many scrapes are waiting for a running collection right now.
  std::size_t waiting() const;

 private:
  std::function<Result()> collect_;
  mutable std::mutex mutex_;
  std::condition_variable finished_;
  bool running_ = false;
  std::size_t waiting_ = 0;
  std::uint64_t generation_ = 0;
  Result last_;
};

}  // namespace portwatch
