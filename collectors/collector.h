#pragma once

#include <vector>

#include "prometheus/metric_family.h"

namespace portwatch {

/// One named group of metrics read from the OS on every scrape. Owned by
/// the CollectorSet; called by one scrape at a time.
class Collector {
 public:
  virtual ~Collector() = default;
  /// Appends freshly built families to `out`. Throws on failure; the caller
  /// then drops everything this call appended, so a failed collector never
  /// publishes partial numbers.
  virtual void Collect(std::vector<prometheus::MetricFamily>& out) = 0;
};

}  // namespace portwatch
