#include "metric_builder.h"

namespace portwatch {

prometheus::MetricFamily GaugeFamily(std::string name, std::string help) {
  prometheus::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = prometheus::MetricType::Gauge;
  return family;
}

void AddSample(prometheus::MetricFamily& family,
               std::initializer_list<Label> labels, double value) {
  prometheus::ClientMetric metric;
  metric.label.reserve(labels.size());
  for (const Label& label : labels) {
    metric.label.push_back({label.first, label.second});
  }
  metric.gauge.value = value;
  family.metric.push_back(std::move(metric));
}

}  // namespace portwatch
