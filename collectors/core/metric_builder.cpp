#include "collectors/core/metric_builder.h"

namespace portwatch {

prometheus::MetricFamily GaugeFamily(std::string name, std::string help) {
  prometheus::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = prometheus::MetricType::Gauge;
  return family;
}

prometheus::MetricFamily CounterFamily(std::string name, std::string help) {
  prometheus::MetricFamily family =
      GaugeFamily(std::move(name), std::move(help));
  family.type = prometheus::MetricType::Counter;
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
