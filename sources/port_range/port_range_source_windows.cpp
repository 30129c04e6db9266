#include "sources/port_range/port_range_source_windows.h"

#include <windows.h>

#include <string>

#include "base/run_command_windows.h"
#include "base/source_error.h"
#include "sources/port_range/netsh_parser.h"

namespace portwatch {
namespace {

constexpr std::chrono::seconds kCacheFor{60};

const char* NetshFamily(AddressFamily family) {
  return family == AddressFamily::kIpv4 ? "ipv4" : "ipv6";
}

}  // namespace

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
