#pragma once

#include <optional>

namespace portwatch {

/// The exporter's own resource use, what the Prometheus client libraries'
/// process collector publishes as process_* (names and units as theirs).
struct SelfProcessStats {
  double cpu_seconds = 0;  // user + system CPU time
  double resident_memory_bytes = 0;
  /// Linux: the address space (VmSize); Windows: private bytes
  /// (PrivateUsage), as client_golang reports it there. None when the OS
  /// reports 0, which no running Windows process has (wine does).
  std::optional<double> virtual_memory_bytes;
  double start_time_seconds = 0;  // since the Unix epoch
  /// Linux: entries of /proc/self/fd; Windows: open handles. None when the
  /// OS reports 0 handles (wine's stub; a Windows process always has some).
  std::optional<double> open_fds;
  /// Linux: RLIMIT_NOFILE's soft limit; Windows: the fixed per-process
  /// handle limit (2^24).
  double max_fds = 0;
};

/// Reads the calling process's stats (self_process_<os>.cpp). Throws
/// SourceError naming what could not be read.
SelfProcessStats ReadSelfProcessStats();

}  // namespace portwatch
