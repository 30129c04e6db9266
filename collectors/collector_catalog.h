#pragma once

#include <vector>

#include "collectors/core/collector_definition.h"
#include "collectors/core/flag_set.h"
#include "sources/platform_sources.h"

namespace portwatch {

/// Every collector this build has, in scrape order: the shared ones, then
/// this platform's (collector_catalog_<os>.cpp).
std::vector<CollectorDefinition> BuiltInCollectors();

/// Appends this platform's own collectors (collector_catalog_<os>.cpp).
void AddPlatformCollectors(std::vector<CollectorDefinition>& catalog);

/// Declares the flags of this platform's sources (collector_catalog_<os>.cpp),
/// storing into `options`, which must outlive `flags`.
void DeclareSourceFlags(FlagSet& flags, SourceOptions& options);

}  // namespace portwatch
