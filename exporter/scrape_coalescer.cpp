#include "exporter/scrape_coalescer.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

#include "base/log_line.h"

namespace portwatch {

ScrapeCoalescer::ScrapeCoalescer(std::function<Result(Deadline)> collect)
    : collect_(std::move(collect)), collector_([this] { RunCollections(); }) {}

ScrapeCoalescer::~ScrapeCoalescer() {
  Stop();
  collector_.join();
}

void ScrapeCoalescer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  requested_.notify_all();
  finished_.notify_all();
}

ScrapeCoalescer::Result ScrapeCoalescer::Scrape(Deadline deadline) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) return nullptr;
  const std::uint64_t joined = generation_;
  const bool joining = running_;
  if (joining) {
    ++waiting_;
  } else {
    running_ = true;
    request_ = true;
    requested_deadline_ = deadline;
    requested_.notify_one();
  }
  finished_.wait(lock, [&] { return generation_ != joined || stopping_; });
  if (joining) --waiting_;
  return generation_ != joined ? last_ : nullptr;
}

ScrapeCoalescer::Result ScrapeCoalescer::CollectLoggingErrors(
    Deadline deadline) {
  try {
    return collect_(deadline);
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
    const Deadline deadline = requested_deadline_;
    lock.unlock();
    Result result = CollectLoggingErrors(deadline);
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
