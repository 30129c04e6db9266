#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "collectors/core/collector.h"
#include "collectors/core/collector_runner.h"
#include "collectors/core/failure_log.h"
#include "prometheus/collectable.h"

namespace portwatch {

/// A collector with the name it is registered under.
struct NamedCollector {
  std::string name;
  std::unique_ptr<Collector> collector;
};

/// The enabled collectors, as one prometheus-cpp Collectable. Every scrape
/// runs the collectors at the same time, each on its own thread
/// (CollectorRunner), and takes what finished by the deadline: a collector
/// that throws or is still running then publishes nothing (never partial
/// numbers) and reports success 0, the others are served. A collector
/// still running from an earlier scrape is not started again until it
/// returns. The set logs why a collector fails once per change of the
/// error, and the recovery, and always appends
/// portwatch_scrape_collector_success, _duration_seconds and _timeout for
/// each. Owns the collectors; thread-safe (scrapes are serialised).
class CollectorSet : public prometheus::Collectable {
 public:
  /// `budget` is what Collect() gives the collectors (CollectBy takes a
  /// deadline of its own).
  explicit CollectorSet(
      std::vector<NamedCollector> collectors,
      std::chrono::milliseconds budget = std::chrono::seconds(8));
  std::vector<prometheus::MetricFamily> Collect() const override;
  std::vector<prometheus::MetricFamily> CollectBy(Deadline deadline) const;

  /// Stops every collector's thread, waiting until `deadline` for those
  /// inside a collection; false when one is still running then (it may
  /// never return: the process should exit without destroying what the
  /// collectors borrow). A scrape waiting meanwhile returns at once with
  /// what finished (shutdown).
  bool Stop(Deadline deadline);

 private:
  struct Entry {
    std::string name;
    std::unique_ptr<CollectorRunner> runner;
    FailureLog failures;
  };
  const std::chrono::milliseconds budget_;
  mutable std::mutex mutex_;
  mutable std::vector<Entry> entries_;
};

}  // namespace portwatch
