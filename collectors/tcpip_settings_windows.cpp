#include "tcpip_settings_windows.h"

#include <windows.h>

#include <optional>
#include <string>

#include "metric_builder.h"
#include "source_error.h"

namespace portwatch {
namespace {

constexpr const wchar_t* kTcpipParameters =
    L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters";

// The REG_DWORD `name`, or nullopt when it is not set.
std::optional<DWORD> ReadDword(const wchar_t* name, const char* label) {
  DWORD value = 0;
  DWORD size = sizeof value;
  const LSTATUS status =
      RegGetValueW(HKEY_LOCAL_MACHINE, kTcpipParameters, name, RRF_RT_REG_DWORD,
                   nullptr, &value, &size);
  if (status == ERROR_FILE_NOT_FOUND) return std::nullopt;
  if (status != ERROR_SUCCESS) {
    throw SourceError(std::string("cannot read Tcpip\\Parameters\\") + label +
                      ": error " + std::to_string(status));
  }
  return value;
}

}  // namespace

void TcpipSettingsCollector::Collect(
    std::vector<prometheus::MetricFamily>& out) {
  auto delay = GaugeFamily(
      "portwatch_windows_tcp_timed_wait_delay_seconds",
      "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\"
      "TcpTimedWaitDelay: how long closed connections stay in TIME_WAIT. No "
      "sample when the value is not set (the OS default applies).");
  auto max_port = GaugeFamily(
      "portwatch_windows_max_user_port",
      "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\"
      "MaxUserPort (pre-Vista dynamic range limit). No sample when the value "
      "is not set.");
  if (auto value = ReadDword(L"TcpTimedWaitDelay", "TcpTimedWaitDelay")) {
    AddSample(delay, {}, *value);
  }
  if (auto value = ReadDword(L"MaxUserPort", "MaxUserPort")) {
    AddSample(max_port, {}, *value);
  }
  out.push_back(std::move(delay));
  out.push_back(std::move(max_port));
}

CollectorDefinition TcpipSettingsCollectorDefinition() {
  CollectorDefinition definition;
  definition.name = "tcpip_settings";
  definition.help =
      "TcpTimedWaitDelay and MaxUserPort from the Tcpip registry key";
  definition.make = [](PlatformSources&) -> std::unique_ptr<Collector> {
    return std::make_unique<TcpipSettingsCollector>();
  };
  return definition;
}

}  // namespace portwatch
