#pragma once

#include <memory>
#include <string>

#include "prometheus/collectable.h"

namespace portwatch {

/// Version, revision, compiler and target OS of this binary (fixed at build
/// time).
struct BuildInfo {
  std::string version;
  std::string revision;
  std::string compiler;
  /// "linux" or "windows": the platform the binary was built for.
  std::string os;
};

/// This binary's build info.
const BuildInfo& CurrentBuildInfo();

/// A Collectable publishing portwatch_exporter_build_info{version,revision,
/// compiler,os} = 1.
std::shared_ptr<prometheus::Collectable> MakeBuildInfoCollectable(
    const BuildInfo& info);

}  // namespace portwatch
