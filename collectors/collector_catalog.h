#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "collector.h"
#include "flag_set.h"
#include "platform_sources.h"

namespace portwatch {

/// A collector the exporter can run, as its own file registers it: the
/// name behind --collector.<name> / --no-collector.<name>, whether it runs
/// by default, its own --collector.<name>.* flags, and how to build it from
/// the platform sources once the flags are parsed (the flags store into
/// state the definition shares with `make`).
struct CollectorDefinition {
  std::string name;
  std::string help;
  bool enabled_by_default = true;
  /// Declares the collector's flags; empty when it has none.
  std::function<void(FlagSet&)> declare_flags;
  /// Builds the collector; the sources outlive it.
  std::function<std::unique_ptr<Collector>(PlatformSources&)> make;
};

/// Every collector this build has, in scrape order: the shared ones, then
/// this platform's (collector_catalog_<os>.cpp).
std::vector<CollectorDefinition> BuiltInCollectors();

/// Appends this platform's own collectors (collector_catalog_<os>.cpp).
void AddPlatformCollectors(std::vector<CollectorDefinition>& catalog);

/// Declares the flags of this platform's sources (collector_catalog_<os>.cpp),
/// storing into `options`, which must outlive `flags`.
void DeclareSourceFlags(FlagSet& flags, SourceOptions& options);

}  // namespace portwatch
