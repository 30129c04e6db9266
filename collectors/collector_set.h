#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "collector.h"
#include "failure_log.h"
#include "prometheus/collectable.h"

namespace portwatch {

/// A collector with the name it is registered under.
struct NamedCollector {
  std::string name;
  std::unique_ptr<Collector> collector;
};

/// The enabled collectors, as one prometheus-cpp Collectable. Every scrape
/// runs each collector, times it, catches whatever it throws (logging why
/// once per change of the error, and the recovery),
/// drops a failed collector's partial output, and always appends
/// portwatch_scrape_collector_success and _duration_seconds for each.
/// Owns the collectors; Collect() may be called from any thread (serialised
/// internally).
class CollectorSet : public prometheus::Collectable {
 public:
  explicit CollectorSet(std::vector<NamedCollector> collectors);
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  std::vector<NamedCollector> collectors_;
  mutable std::mutex mutex_;
  mutable std::vector<FailureLog> failures_;  // one per collector
};

}  // namespace portwatch
