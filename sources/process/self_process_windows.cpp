#include <windows.h>
// After windows.h, which it needs.
#include <psapi.h>

#include <cstdint>
#include <string>

#include "base/source_error.h"
#include "sources/process/self_process.h"

namespace portwatch {
namespace {

// Windows' fixed per-process handle limit (there is no per-process
// setting); client_golang reports the same.
constexpr double kMaxHandles = 16.0 * 1024 * 1024;
// 100 ns intervals between 1601-01-01 (FILETIME's epoch) and 1970-01-01.
constexpr std::uint64_t kUnixEpochIn100ns = 116444736000000000ULL;

std::uint64_t Ticks(const FILETIME& time) {
  return (static_cast<std::uint64_t>(time.dwHighDateTime) << 32) |
         time.dwLowDateTime;
}

SourceError LastError(const char* call) {
  return SourceError(std::string(call) + " failed with error " +
                     std::to_string(GetLastError()));
}

}  // namespace

SelfProcessStats ReadSelfProcessStats() {
  const HANDLE self = GetCurrentProcess();  // a pseudo handle: not closed
  FILETIME created, exited, kernel, user;
  if (!GetProcessTimes(self, &created, &exited, &kernel, &user)) {
    throw LastError("GetProcessTimes");
  }
  PROCESS_MEMORY_COUNTERS_EX memory{};
  if (!GetProcessMemoryInfo(self,
                            reinterpret_cast<PROCESS_MEMORY_COUNTERS*>(&memory),
                            sizeof memory)) {
    throw LastError("GetProcessMemoryInfo");
  }
  DWORD handles = 0;
  if (!GetProcessHandleCount(self, &handles)) {
    throw LastError("GetProcessHandleCount");
  }
  SelfProcessStats stats;
  stats.cpu_seconds = static_cast<double>(Ticks(kernel) + Ticks(user)) / 1e7;
  stats.start_time_seconds =
      static_cast<double>(Ticks(created) - kUnixEpochIn100ns) / 1e7;
  stats.resident_memory_bytes = static_cast<double>(memory.WorkingSetSize);
  // Zero is no answer (wine's stubs), never a Windows process's.
  if (memory.PrivateUsage > 0) {
    stats.virtual_memory_bytes = static_cast<double>(memory.PrivateUsage);
  }
  if (handles > 0) stats.open_fds = handles;
  stats.max_fds = kMaxHandles;
  return stats;
}

}  // namespace portwatch
