#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "collectors/core/metric_builder.h"
#include "collectors/core/metric_spec.h"
#include "prometheus/metric_family.h"

namespace portwatch {

/// The labels that say which part of the host a sample describes (one
/// network namespace).
using ScopeLabels = std::vector<Label>;

/// Gathers the families that host-level collectors publish, computed once
/// per scope (per namespace), under the names of their declared copies
/// (ScopedMetricSpec): the scope's labels go in front of every sample's,
/// and the samples of all scopes merge into one family per copy, in the
/// order the copies were first seen.
class ScopedFamilies {
 public:
  /// `copies` (static storage) are the families this may be given;
  /// `help_prefix` goes before each original's help.
  template <std::size_t N>
  ScopedFamilies(const ScopedMetricSpec (&copies)[N], std::string help_prefix)
      : copies_(copies), copy_count_(N), help_prefix_(std::move(help_prefix)) {}

  /// Throws std::logic_error for a family that has no declared copy.
  void Add(prometheus::MetricFamily family, const ScopeLabels& scope);
  /// Moves the merged families to the end of `out`.
  void MoveTo(std::vector<prometheus::MetricFamily>& out);

 private:
  const ScopedMetricSpec& CopyOf(const std::string& name) const;

  const ScopedMetricSpec* copies_;
  std::size_t copy_count_;
  std::string help_prefix_;
  std::vector<prometheus::MetricFamily> families_;
  std::map<const ScopedMetricSpec*, std::size_t> index_;  // -> families_
};

}  // namespace portwatch
