#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "collectors/core/metric_spec.h"
#include "prometheus/metric_family.h"

namespace portwatch {

/// A label name and value for AddSample.
using Label = std::pair<const char*, std::string>;

/// A fresh, empty family of `spec` (built anew every scrape).
prometheus::MetricFamily NewFamily(const MetricSpec& spec);

/// Appends one sample (a gauge or a counter, as the family is) with
/// `labels` (in the given order) to `family`.
void AddSample(prometheus::MetricFamily& family,
               std::initializer_list<Label> labels, double value);
void AddSample(prometheus::MetricFamily& family,
               const std::vector<Label>& labels, double value);

}  // namespace portwatch
