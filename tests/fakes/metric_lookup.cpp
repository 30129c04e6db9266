#include "tests/fakes/metric_lookup.h"

#include <algorithm>

namespace portwatch::fakes {

const prometheus::MetricFamily* FindFamily(
    const std::vector<prometheus::MetricFamily>& families,
    const std::string& name) {
  for (const auto& family : families) {
    if (family.name == name) return &family;
  }
  return nullptr;
}

std::optional<double> SampleValue(
    const std::vector<prometheus::MetricFamily>& families,
    const std::string& name, const std::vector<std::string>& labels) {
  const prometheus::MetricFamily* family = FindFamily(families, name);
  if (family == nullptr) return std::nullopt;
  for (const auto& metric : family->metric) {
    bool all = std::all_of(labels.begin(), labels.end(), [&](const auto& want) {
      return std::any_of(metric.label.begin(), metric.label.end(),
                         [&](const auto& have) {
                           return have.name + "=" + have.value == want;
                         });
    });
    if (all) {
      return family->type == prometheus::MetricType::Counter
                 ? metric.counter.value
                 : metric.gauge.value;
    }
  }
  return std::nullopt;
}

}  // namespace portwatch::fakes
