#pragma once

#include <memory>
#include <string>

#include "port_range_source.h"
#include "socket_source.h"

namespace portwatch {

/// How the platform sources are chosen (from --path.procfs and
/// --collector.tcp.source).
struct SourceOptions {
  std::string procfs_root = "/proc";
  std::string tcp_source = "netlink";  // "netlink" or "procfs"
  bool excluded_port_ranges = false;   // Windows: count excluded ranges
};

/// This platform's OS access, built once at start and owned here; the
/// collectors borrow it. One implementation per platform
/// (platform_sources_<os>.cpp), chosen in CMake.
struct PlatformSources {
  std::unique_ptr<SocketSource> sockets;
  std::unique_ptr<PortRangeSource> port_ranges;
};

/// Checks `options` before anything starts; throws std::invalid_argument
/// with a one-line reason (e.g. --path.procfs is not a readable directory).
void ValidateSourceOptions(const SourceOptions& options);

/// Builds the sources for `options`; throws std::invalid_argument when an
/// option is not supported on this platform.
PlatformSources MakePlatformSources(const SourceOptions& options);

}  // namespace portwatch
