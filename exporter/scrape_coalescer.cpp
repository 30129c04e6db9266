#include "scrape_coalescer.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

#include "log_line.h"

namespace portwatch {

ScrapeCoalescer::ScrapeCoalescer(std::function<Result()> collect)
    : collect_(std::move(collect)), collector_([this] { RunCollections(); }) {}

ScrapeCoalescer::~ScrapeCoalescer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  requested_.notify_all();
  collector_.join();
}

ScrapeCoalescer::Result ScrapeCoalescer::Scrape() {
  std::unique_lock<std::mutex> lock(mutex_);
  const std::uint64_t joined = generation_;
  const bool joining = running_;
  if (joining) {
    ++waiting_;
  } else {
    running_ = true;
    request_ = true;
    requested_.notify_one();
  }
  finished_.wait(lock, [&] { return generation_ != joined; });
  if (joining) --waiting_;
  return last_;
}

ScrapeCoalescer::Result ScrapeCoalescer::CollectLoggingErrors() {
  try {
    return collect_();
  } catch (const std::exception& error) {
    spdlog::error(LogLine("scrape failed", {{"err", error.what()}}));
  } catch (...) {
    spdlog::error(LogLine("scrape failed", {{"err", "unknown exception"}}));
  }
  return nullptr;
}

void ScrapeCoalescer::RunCollections() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    requested_.wait(lock, [&] { return request_ || stopping_; });
    if (stopping_) return;
    request_ = false;
    lock.unlock();
    Result result = CollectLoggingErrors();
    lock.lock();
    last_ = std::move(result);
    running_ = false;
    ++generation_;
    finished_.notify_all();
  }
}

std::size_t ScrapeCoalescer::waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_;
}

}  // namespace portwatch
