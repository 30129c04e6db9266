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

/// Declares the flags no one collector owns (Linux: --path.procfs,
/// --path.netns; collector_catalog_<os>.cpp), storing into `options`, which
/// must outlive `flags`. How one collector's source reads the OS is that
/// collector's flag (CollectorDefinition::declare_flags).
void DeclareSourceFlags(FlagSet& flags, SourceOptions& options);

}  // namespace portwatch
