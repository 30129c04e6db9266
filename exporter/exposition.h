#pragma once

#include <memory>
#include <string>
#include <vector>

#include "collectors/core/collector_set.h"
#include "exporter/metrics_page.h"
#include "prometheus/collectable.h"

namespace portwatch {

/// The step where metric families become the /metrics page: collects the
/// exporter's own Collectables in order, then the collector set (by the
/// scrape's deadline), makes every label value valid UTF-8, and serialises
/// the families in the Prometheus text format. Borrows what it collects,
/// which must outlive it; thread-safe as they are.
class Exposition {
 public:
  /// `collectors` may be null (no collectors).
  Exposition(std::vector<const prometheus::Collectable*> own,
             const CollectorSet* collectors)
      : own_(std::move(own)), collectors_(collectors) {}

  /// One scrape's page; collectors still running at `deadline` are left
  /// out (CollectorSet).
  std::shared_ptr<const MetricsPage> Render(Deadline deadline) const;

 private:
  std::vector<const prometheus::Collectable*> own_;
  const CollectorSet* collectors_;
};

}  // namespace portwatch
