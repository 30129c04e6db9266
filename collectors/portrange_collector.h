#pragma once

#include "collector.h"
#include "collector_catalog.h"
#include "port_range_source.h"

namespace portwatch {

/// Collector `portrange`: the dynamic port range per family, its reserved
/// ports and the usable count. Borrows the source.
class PortRangeCollector : public Collector {
 public:
  explicit PortRangeCollector(PortRangeSource& source) : source_(source) {}
  void Collect(std::vector<prometheus::MetricFamily>& out) override;

 private:
  PortRangeSource& source_;
};

/// Registers collector `portrange` (no flags of its own; the sources' flags
/// are the platform catalog's).
CollectorDefinition PortRangeCollectorDefinition();

}  // namespace portwatch
