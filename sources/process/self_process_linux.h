#pragma once

#include <cstdint>
#include <string_view>

namespace portwatch {

/// The fields of /proc/<pid>/stat the process_* metrics need, in the
/// kernel's units (proc(5)).
struct ProcPidStat {
  std::uint64_t user_ticks = 0;      // utime, field 14
  std::uint64_t system_ticks = 0;    // stime, field 15
  std::uint64_t start_ticks = 0;     // starttime after boot, field 22
  std::uint64_t virtual_bytes = 0;   // vsize, field 23
  std::uint64_t resident_pages = 0;  // rss, field 24
};

/// Parses one /proc/<pid>/stat line. The command name (field 2) may hold
/// any byte, spaces and parentheses included: the fields after it are
/// found after its last ')'. Throws SourceError on anything else.
ProcPidStat ParseProcPidStat(std::string_view line);

/// The boot time (Unix seconds) from /proc/stat's "btime" line; throws
/// SourceError when there is none.
std::uint64_t ParseBootTime(std::string_view proc_stat);

}  // namespace portwatch
