#pragma once

#include <chrono>
#include <vector>

#include "prometheus/metric_family.h"

namespace portwatch {

/// When a scrape's collection must be done by.
using Deadline = std::chrono::steady_clock::time_point;

/// One named group of metrics read from the OS on every scrape. Owned by
/// the CollectorSet, which runs each collector on a thread of its own (so
/// collectors run at the same time, and one that never returns is left
/// behind at the deadline); called by one scrape at a time.
class Collector {
 public:
  virtual ~Collector() = default;
  /// Appends freshly built families to `out`. Throws on failure; the caller
  /// then drops everything this call appended, so a failed collector never
  /// publishes partial numbers.
  virtual void Collect(std::vector<prometheus::MetricFamily>& out) = 0;
  /// What the CollectorSet calls. Collectors whose work grows with what
  /// they find (namespaces) override it to stop starting new work near
  /// `deadline` and say what they left out; the others just Collect, and
  /// are reported failed if they are still running at the deadline.
  virtual void CollectBy(std::vector<prometheus::MetricFamily>& out,
                         Deadline /*deadline*/) {
    Collect(out);
  }
};

}  // namespace portwatch
