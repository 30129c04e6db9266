#pragma once

#include <cstddef>
#include <initializer_list>

#include "prometheus/metric_type.h"

namespace portwatch {

/// The label names a metric's samples may carry, in sample order; labels
/// that only some samples carry (documented as optional) are listed too.
class LabelNames {
 public:
  static constexpr std::size_t kMax = 8;

  constexpr LabelNames(std::initializer_list<const char*> names) {
    for (const char* name : names) {
      if (size_ < kMax) names_[size_++] = name;
    }
  }

  constexpr const char* const* begin() const { return names_; }
  constexpr const char* const* end() const { return names_ + size_; }
  constexpr std::size_t size() const { return size_; }

 private:
  const char* names_[kMax] = {};
  std::size_t size_ = 0;
};

/// A metric as it is declared, once, in its collector's `*_metrics.h`:
/// name, help, type and label names. Every family on /metrics is built from
/// one (NewFamily), and docs/metrics.md is checked against all of them
/// (exporter/metric_declarations_test.cpp).
struct MetricSpec {
  const char* name;
  const char* help;
  prometheus::MetricType type;
  LabelNames labels;
};

/// A metric that repeats another collector's metric once per scope (a
/// network namespace) under a name of its own: the scope's labels come
/// first, then the original's; the help is the scope's help prefix and the
/// original's help.
struct ScopedMetricSpec {
  const char* name;
  const MetricSpec* of;
};

}  // namespace portwatch
