#include "collectors/portrange/portrange_collector.h"

namespace portwatch {

void DeclarePortRangeSourceFlags(FlagSet& flags, SourceOptions& sources) {
  flags.Bool("collector.portrange.excluded-ranges",
             "count excluded port ranges (netsh excludedportrange) as "
             "reserved",
             &sources.excluded_port_ranges);
}

}  // namespace portwatch
