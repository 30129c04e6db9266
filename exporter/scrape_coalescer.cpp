#include "scrape_coalescer.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

#include "log_line.h"

namespace portwatch {

ScrapeCoalescer::ScrapeCoalescer(std::function<Result()> collect)
    : collect_(std::move(collect)) {}

ScrapeCoalescer::Result ScrapeCoalescer::Scrape() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (running_) {
    const std::uint64_t joined = generation_;
    ++waiting_;
    finished_.wait(lock, [&] { return generation_ != joined; });
    --waiting_;
    return last_;
  }
  running_ = true;
  lock.unlock();
  Result result;
  try {
    result = collect_();
  } catch (const std::exception& error) {
    spdlog::error(LogLine("scrape failed", {{"err", error.what()}}));
  } catch (...) {
    spdlog::error(LogLine("scrape failed", {{"err", "unknown exception"}}));
  }
  lock.lock();
  last_ = result;
  running_ = false;
  ++generation_;
  finished_.notify_all();
  return result;
}

std::size_t ScrapeCoalescer::waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_;
}

}  // namespace portwatch
