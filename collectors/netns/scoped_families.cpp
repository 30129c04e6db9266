#include "collectors/netns/scoped_families.h"

#include <stdexcept>
#include <utility>

namespace portwatch {

const ScopedMetricSpec& ScopedFamilies::CopyOf(const std::string& name) const {
  for (std::size_t i = 0; i < copy_count_; ++i) {
    if (name == copies_[i].of->name) return copies_[i];
  }
  throw std::logic_error("no per-scope copy of " + name + " is declared");
}

void ScopedFamilies::Add(prometheus::MetricFamily family,
                         const ScopeLabels& scope) {
  const ScopedMetricSpec& copy = CopyOf(family.name);
  auto [slot, inserted] = index_.emplace(&copy, families_.size());
  if (inserted) {
    prometheus::MetricFamily scoped;
    scoped.name = copy.name;
    scoped.help = help_prefix_ + copy.of->help;
    scoped.type = copy.of->type;
    families_.push_back(std::move(scoped));
  }
  prometheus::MetricFamily& target = families_[slot->second];
  for (prometheus::ClientMetric& metric : family.metric) {
    std::vector<prometheus::ClientMetric::Label> labels;
    labels.reserve(scope.size() + metric.label.size());
    for (const Label& label : scope) {
      labels.push_back({label.first, label.second});
    }
    for (auto& label : metric.label) labels.push_back(std::move(label));
    metric.label = std::move(labels);
    target.metric.push_back(std::move(metric));
  }
}

void ScopedFamilies::MoveTo(std::vector<prometheus::MetricFamily>& out) {
  for (auto& family : families_) out.push_back(std::move(family));
  families_.clear();
  index_.clear();
}

}  // namespace portwatch
