#pragma once

#include <memory>
#include <string>
#include <vector>

#include "prometheus/collectable.h"

namespace portwatch {

/// The step where metric families become the /metrics page: collects every
/// Collectable in order (the exporter's own, then the collector set) and
/// serialises the families in the Prometheus text format. Borrows the
/// collectables, which must outlive it; thread-safe as they are.
class Exposition {
 public:
  explicit Exposition(std::vector<const prometheus::Collectable*> sources)
      : sources_(std::move(sources)) {}

  /// One scrape's page.
  std::shared_ptr<const std::string> Render() const;

 private:
  std::vector<const prometheus::Collectable*> sources_;
};

}  // namespace portwatch
