#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "collectors/core/metric_builder.h"
#include "prometheus/metric_family.h"

namespace portwatch {

/// The labels that say which part of the host a sample describes (one
/// network namespace, one process).
using ScopeLabels = std::vector<Label>;

/// Gathers the families that host-level collectors publish, computed once
/// per scope (per namespace, per process), under names of their own: each
/// portwatch_<x> becomes <prefix><x>, the scope's labels go in front of
/// every sample's, and the samples of all scopes merge into one family per
/// name, in the order the names were first seen.
class ScopedFamilies {
 public:
  /// `prefix` replaces "portwatch_"; `help_prefix` goes before each help.
  ScopedFamilies(std::string prefix, std::string help_prefix);

  void Add(prometheus::MetricFamily family, const ScopeLabels& scope);
  /// Moves the merged families to the end of `out`.
  void MoveTo(std::vector<prometheus::MetricFamily>& out);

 private:
  std::string prefix_;
  std::string help_prefix_;
  std::vector<prometheus::MetricFamily> families_;
  std::map<std::string, std::size_t> index_;  // scoped name -> families_
};

}  // namespace portwatch
