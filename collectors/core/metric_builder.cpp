#include "collectors/core/metric_builder.h"

namespace portwatch {

prometheus::MetricFamily NewFamily(const MetricSpec& spec) {
  prometheus::MetricFamily family;
  family.name = spec.name;
  family.help = spec.help;
  family.type = spec.type;
  return family;
}

namespace {

template <typename Labels>
void AppendSample(prometheus::MetricFamily& family, const Labels& labels,
                  double value) {
  prometheus::ClientMetric metric;
  metric.label.reserve(labels.size());
  for (const Label& label : labels) {
    metric.label.push_back({label.first, label.second});
  }
  if (family.type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(std::move(metric));
}

}  // namespace

void AddSample(prometheus::MetricFamily& family,
               std::initializer_list<Label> labels, double value) {
  AppendSample(family, labels, value);
}

void AddSample(prometheus::MetricFamily& family,
               const std::vector<Label>& labels, double value) {
  AppendSample(family, labels, value);
}

}  // namespace portwatch
