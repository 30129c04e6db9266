#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "sources/port_range/port_range_source.h"

namespace portwatch {

/// Reads the Windows TCP dynamic port range per family from
/// `netsh int ipv4|ipv6 show dynamicport tcp` (the documented per-family
/// view), falling back to WMI MSFT_NetTCPSetting (root\StandardCimv2,
/// Windows 8+, one value for both families). With `include_exclusions`,
/// ports of `netsh int ipvX show excludedportrange protocol=tcp` inside the
/// range count as reserved. Results are cached for a minute, since each
/// read starts a process. Throws SourceError naming every method tried.
class WindowsPortRangeSource : public PortRangeSource {
 public:
  explicit WindowsPortRangeSource(bool include_exclusions)
      : include_exclusions_(include_exclusions) {}
  EphemeralPortRange Read(AddressFamily family) override;
  /// Windows keeps a dynamic port range per family.
  bool SharesOnePortSpace() const override { return false; }

 private:
  EphemeralPortRange ReadUncached(AddressFamily family);

  /// One family's last successful read.
  struct Cached {
    std::chrono::steady_clock::time_point at;
    EphemeralPortRange range;
  };

  bool include_exclusions_;
  std::mutex mutex_;
  std::optional<Cached> cache_[2];
};

/// Reads DynamicPortRangeStartPort/NumberOfPorts of MSFT_NetTCPSetting over
/// WMI (the first instance that has both). Throws SourceError with the
/// failing call and HRESULT.
EphemeralPortRange ReadRangeFromWmi();

}  // namespace portwatch
