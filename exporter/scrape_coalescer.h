#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "collectors/core/collector.h"
#include "exporter/metrics_page.h"

namespace portwatch {

/// Shares one collection among concurrent scrapes: a scrape that arrives
/// while a collection is running waits for it and gets its result instead of
/// reading the socket table again; a scrape that arrives when none is
/// running starts a new one (results are never reused after they finish).
/// Collections run on one long-lived thread of the coalescer, never on the
/// HTTP worker that asked: all their memory comes from one malloc arena and
/// one stack, however many workers serve scrapes over time (a collection on
/// whichever worker came first gave each worker an arena and a deep stack of
/// its own, and RSS crept up as scrapes reached new workers). Thread-safe;
/// owns the collect function and the thread, joined on destruction.
class ScrapeCoalescer {
 public:
  using Result = std::shared_ptr<const MetricsPage>;

  /// `collect` returns the serialised scrape, done by the deadline it is
  /// given; it may throw, and then the error is logged and every scrape
  /// waiting on that collection gets a null Result.
  explicit ScrapeCoalescer(std::function<Result(Deadline)> collect);
  ~ScrapeCoalescer();
  ScrapeCoalescer(const ScrapeCoalescer&) = delete;
  ScrapeCoalescer& operator=(const ScrapeCoalescer&) = delete;

  /// The page of a collection started now for `deadline`, or of the one
  /// already running (which has a deadline of its own); null when that
  /// collection failed or the coalescer is stopping.
  Result Scrape(Deadline deadline);

  /// Releases every waiting scrape with a null Result, and answers later
  /// ones so at once (shutdown).
  void Stop();

  /// How many scrapes are waiting for a collection that was already
  /// running when they arrived.
  std::size_t waiting() const;

 private:
  void RunCollections();
  Result CollectLoggingErrors(Deadline deadline);

  std::function<Result(Deadline)> collect_;
  mutable std::mutex mutex_;
  std::condition_variable requested_;
  std::condition_variable finished_;
  bool request_ = false;
  Deadline requested_deadline_;
  bool stopping_ = false;
  bool running_ = false;
  std::size_t waiting_ = 0;
  std::uint64_t generation_ = 0;
  Result last_;
  std::thread collector_;  // last: starts once the state above exists
};

}  // namespace portwatch
