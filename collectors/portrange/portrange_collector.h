#pragma once

#include "collectors/core/collector.h"
#include "collectors/core/collector_definition.h"
#include "sources/port_range/port_range_source.h"

namespace portwatch {

/// The families of collector `portrange` for `ranges`: first and last
/// port, reserved and usable ports per family.
std::vector<prometheus::MetricFamily> PortRangeMetricFamilies(
    const AddressFamilyRanges& ranges);

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

/// Declares this platform's --collector.portrange.* flags, which say how
/// the range is read (portrange_source_flags_<os>.cpp), storing into
/// `sources`.
void DeclarePortRangeSourceFlags(FlagSet& flags, SourceOptions& sources);

}  // namespace portwatch
