#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace portwatch {

/// The Tcpip Parameters values of the Windows registry that the classic
/// port-exhaustion fixes change (key Tcpip\Parameters under
/// HKLM\SYSTEM\CurrentControlSet\Services). One implementation on Windows
/// (tcpip_parameters_windows.cpp); a fake in tests.
class TcpipParameters {
 public:
  virtual ~TcpipParameters() = default;
  /// The REG_DWORD value `name`, nullopt when it is not set. Throws
  /// SourceError naming the value when it cannot be read.
  virtual std::optional<std::uint32_t> ReadDword(const std::string& name) = 0;
};

}  // namespace portwatch
