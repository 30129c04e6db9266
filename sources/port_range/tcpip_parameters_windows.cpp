#include "sources/port_range/tcpip_parameters_windows.h"

#include <windows.h>

#include "base/source_error.h"

namespace portwatch {
namespace {

constexpr const wchar_t* kTcpipParameters =
    L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters";

}  // namespace

std::optional<std::uint32_t> RegistryTcpipParameters::ReadDword(
    const std::string& name) {
  const std::wstring wide_name(name.begin(), name.end());  // ASCII names
  DWORD value = 0;
  DWORD size = sizeof value;
  const LSTATUS status =
      RegGetValueW(HKEY_LOCAL_MACHINE, kTcpipParameters, wide_name.c_str(),
                   RRF_RT_REG_DWORD, nullptr, &value, &size);
  if (status == ERROR_FILE_NOT_FOUND) return std::nullopt;
  if (status != ERROR_SUCCESS) {
    throw SourceError("cannot read Tcpip\\Parameters\\" + name + ": error " +
                      std::to_string(status));
  }
  return value;
}

}  // namespace portwatch
