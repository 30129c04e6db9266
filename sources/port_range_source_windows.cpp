#include "port_range_source_windows.h"

#include <windows.h>

#include <cstdio>
#include <string>

#include "netsh_parser.h"
#include "source_error.h"

namespace portwatch {
namespace {

constexpr std::chrono::seconds kCacheFor{60};
constexpr std::chrono::seconds kCommandTimeout{5};

const char* NetshFamily(AddressFamily family) {
  return family == AddressFamily::kIpv4 ? "ipv4" : "ipv6";
}

}  // namespace

std::string RunCommand(const std::string& command) {
  SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  HANDLE read_end = nullptr;
  HANDLE write_end = nullptr;
  if (!CreatePipe(&read_end, &write_end, &inherit, 0)) {
    throw SourceError("cannot create a pipe for \"" + command + "\"");
  }
  SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);
  STARTUPINFOA startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdOutput = write_end;
  startup.hStdError = write_end;
  startup.hStdInput = nullptr;
  PROCESS_INFORMATION process{};
  std::string line = command;  // CreateProcessA may write to it
  const BOOL started =
      CreateProcessA(nullptr, line.data(), nullptr, nullptr, TRUE,
                     CREATE_NO_WINDOW, nullptr, nullptr, &startup, &process);
  CloseHandle(write_end);
  if (!started) {
    CloseHandle(read_end);
    throw SourceError("cannot run \"" + command + "\": error " +
                      std::to_string(GetLastError()));
  }
  // Read while it runs, and give up after kCommandTimeout.
  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + kCommandTimeout;
  DWORD exit_code = STILL_ACTIVE;
  for (;;) {
    DWORD available = 0;
    while (PeekNamedPipe(read_end, nullptr, 0, nullptr, &available, nullptr) &&
           available > 0) {
      char chunk[4096];
      DWORD got = 0;
      if (!ReadFile(read_end, chunk, sizeof chunk, &got, nullptr) || got == 0)
        break;
      if (output.size() < (1u << 20)) output.append(chunk, got);
    }
    if (WaitForSingleObject(process.hProcess, 20) == WAIT_OBJECT_0) {
      GetExitCodeProcess(process.hProcess, &exit_code);
      if (PeekNamedPipe(read_end, nullptr, 0, nullptr, &available, nullptr) &&
          available > 0) {
        continue;  // drain what is left
      }
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      TerminateProcess(process.hProcess, 1);
      CloseHandle(process.hProcess);
      CloseHandle(process.hThread);
      CloseHandle(read_end);
      throw SourceError("\"" + command + "\" did not finish within " +
                        std::to_string(kCommandTimeout.count()) + " s");
    }
  }
  CloseHandle(process.hProcess);
  CloseHandle(process.hThread);
  CloseHandle(read_end);
  if (exit_code != 0) {
    throw SourceError("\"" + command + "\" exited with " +
                      std::to_string(exit_code));
  }
  return output;
}

EphemeralPortRange WindowsPortRangeSource::Read(AddressFamily family) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::optional<Cached>& cached = cache_[static_cast<std::size_t>(family)];
  const auto now = std::chrono::steady_clock::now();
  if (!cached || now - cached->at >= kCacheFor) {
    cached = Cached{now, ReadUncached(family)};
  }
  return cached->range;
}

EphemeralPortRange WindowsPortRangeSource::ReadUncached(AddressFamily family) {
  const std::string netsh = std::string("netsh int ") + NetshFamily(family);
  EphemeralPortRange range;
  try {
    range =
        ParseNetshDynamicPortRange(RunCommand(netsh + " show dynamicport tcp"));
  } catch (const SourceError& netsh_error) {
    try {
      range = ReadRangeFromWmi();
    } catch (const SourceError& wmi_error) {
      throw SourceError(std::string("dynamic port range unavailable: ") +
                        netsh_error.what() + "; " + wmi_error.what());
    }
  }
  if (include_exclusions_) {
    for (const auto& [low, high] : ParseNetshExcludedRanges(
             RunCommand(netsh + " show excludedportrange protocol=tcp"))) {
      for (std::uint32_t port = low; port <= high; ++port) {
        range.Reserve(static_cast<std::uint16_t>(port));
      }
    }
  }
  return range;
}

}  // namespace portwatch
