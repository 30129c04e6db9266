#pragma once

#include <functional>
#include <memory>
#include <string>

#include "collectors/core/collector.h"
#include "collectors/core/flag_set.h"
#include "sources/platform_sources.h"

namespace portwatch {

/// A collector the exporter can run, as its own folder registers it: the
/// name behind --collector.<name> / --no-collector.<name>, whether it runs
/// by default, its own --collector.<name>.* flags, and how to build it from
/// the platform sources once the flags are parsed (the flags store into
/// state the definition shares with `make`).
struct CollectorDefinition {
  std::string name;
  std::string help;
  bool enabled_by_default = true;
  /// Declares the collector's flags (--collector.<name>.*), storing into
  /// its own config, or into `SourceOptions` for how its source reads the
  /// OS; empty when it has none.
  std::function<void(FlagSet&, SourceOptions&)> declare_flags;
  /// Builds the collector; the sources outlive it.
  std::function<std::unique_ptr<Collector>(PlatformSources&)> make;
};

}  // namespace portwatch
