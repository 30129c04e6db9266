#include "collectors/portrange/portrange_collector.h"

namespace portwatch {

// The range and the reserved ports are two sysctls: nothing to choose.
void DeclarePortRangeSourceFlags(FlagSet& /*flags*/,
                                 SourceOptions& /*sources*/) {}

}  // namespace portwatch
