#include "sources/process/self_process_linux.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "base/decimal.h"
#include "base/directory_linux.h"
#include "base/small_file_linux.h"
#include "base/source_error.h"
#include "sources/process/self_process.h"

namespace portwatch {
namespace {

// Ample for /proc/self/stat (52 numbers and a 16-byte name) and /proc/stat
// (a line per CPU).
constexpr std::size_t kMaxStatBytes = 1 << 20;

// The next space-separated whole number of `text` from `position`.
std::uint64_t NextNumber(std::string_view text, std::size_t& position,
                         int field) {
  while (position < text.size() && text[position] == ' ') ++position;
  std::string_view rest = text.substr(position);
  std::uint64_t value = 0;
  if (TakeDecimal(rest, value) != DecimalStatus::kOk) {
    throw SourceError("/proc/self/stat: field " + std::to_string(field) +
                      " is not a whole number");
  }
  position = text.size() - rest.size();
  return value;
}

// Skips the next space-separated field of `text` from `position`.
void SkipField(std::string_view text, std::size_t& position) {
  while (position < text.size() && text[position] == ' ') ++position;
  while (position < text.size() && text[position] != ' ') ++position;
}

}  // namespace

ProcPidStat ParseProcPidStat(std::string_view line) {
  const std::size_t name_end = line.rfind(')');
  if (name_end == std::string_view::npos || line.find('(') > name_end) {
    throw SourceError("/proc/self/stat: no (command name)");
  }
  ProcPidStat stat;
  std::size_t position = name_end + 1;
  SkipField(line, position);  // 3: state, a letter
  for (int field = 4; field <= 24; ++field) {
    if (field == 14 || field == 15 || field >= 22) {
      const std::uint64_t value = NextNumber(line, position, field);
      if (field == 14) stat.user_ticks = value;
      if (field == 15) stat.system_ticks = value;
      if (field == 22) stat.start_ticks = value;
      if (field == 23) stat.virtual_bytes = value;
      if (field == 24) stat.resident_pages = value;
    } else {
      SkipField(line, position);
    }
  }
  return stat;
}

std::uint64_t ParseBootTime(std::string_view proc_stat) {
  constexpr std::string_view kKey = "btime ";
  std::size_t at = proc_stat.find("\nbtime ");
  if (at != std::string_view::npos) {
    ++at;
  } else if (proc_stat.substr(0, kKey.size()) == kKey) {
    at = 0;
  } else {
    throw SourceError("/proc/stat: no btime line");
  }
  std::string_view rest = proc_stat.substr(at + kKey.size());
  std::uint64_t value = 0;
  if (TakeDecimal(rest, value) != DecimalStatus::kOk) {
    throw SourceError("/proc/stat: btime is not a whole number");
  }
  return value;
}

SelfProcessStats ReadSelfProcessStats() {
  static const double ticks_per_second =
      static_cast<double>(::sysconf(_SC_CLK_TCK));
  static const double page_bytes = static_cast<double>(::sysconf(_SC_PAGESIZE));
  // Fixed for the life of the process: read once.
  static const std::uint64_t boot_time =
      ParseBootTime(ReadSmallFile("/proc/stat", kMaxStatBytes));
  const ProcPidStat stat =
      ParseProcPidStat(ReadSmallFile("/proc/self/stat", kMaxStatBytes));
  SelfProcessStats stats;
  stats.cpu_seconds = static_cast<double>(stat.user_ticks + stat.system_ticks) /
                      ticks_per_second;
  stats.resident_memory_bytes =
      static_cast<double>(stat.resident_pages) * page_bytes;
  stats.virtual_memory_bytes = static_cast<double>(stat.virtual_bytes);
  stats.start_time_seconds =
      static_cast<double>(boot_time) +
      static_cast<double>(stat.start_ticks) / ticks_per_second;
  std::size_t entries = 0;
  if (!ForEachEntry("/proc/self/fd",
                    [&entries](std::string_view) { ++entries; })) {
    throw SourceError(std::string("cannot list /proc/self/fd: ") +
                      std::strerror(errno));
  }
  // Less the descriptor that listed them.
  stats.open_fds = entries > 0 ? static_cast<double>(entries - 1) : 0;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    throw SourceError(std::string("getrlimit(RLIMIT_NOFILE): ") +
                      std::strerror(errno));
  }
  stats.max_fds = static_cast<double>(limit.rlim_cur);
  return stats;
}

}  // namespace portwatch
