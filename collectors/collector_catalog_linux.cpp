#include "collector_catalog.h"

namespace portwatch {

// Linux has no collectors beyond the shared ones.
void AddPlatformCollectors(std::vector<CollectorDefinition>& /*catalog*/) {}

}  // namespace portwatch
