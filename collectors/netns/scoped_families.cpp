#include "collectors/netns/scoped_families.h"

#include <utility>

namespace portwatch {
namespace {
constexpr char kHostPrefix[] = "portwatch_";
}

ScopedFamilies::ScopedFamilies(std::string prefix, std::string help_prefix)
    : prefix_(std::move(prefix)), help_prefix_(std::move(help_prefix)) {}

void ScopedFamilies::Add(prometheus::MetricFamily family,
                         const ScopeLabels& scope) {
  std::string name = family.name;
  if (name.rfind(kHostPrefix, 0) == 0) {
    name = prefix_ + name.substr(sizeof kHostPrefix - 1);
  }
  auto [slot, inserted] = index_.emplace(name, families_.size());
  if (inserted) {
    prometheus::MetricFamily scoped;
    scoped.name = std::move(name);
    scoped.help = help_prefix_ + family.help;
    scoped.type = family.type;
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
