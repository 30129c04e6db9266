#include "sources/process/process_directory_windows.h"

#include <windows.h>

#include <string>
#include <vector>

#include "base/source_error.h"
#include "base/unique_handle_windows.h"
#include "base/unique_resource.h"
#include "base/wide_text_windows.h"

namespace portwatch {
namespace {

/// What ServiceManager owns: a Service Control Manager handle.
struct ServiceHandleTraits {
  using Value = SC_HANDLE;
  static constexpr SC_HANDLE kEmpty = nullptr;
  static bool Valid(SC_HANDLE handle) { return handle != nullptr; }
  static void Close(SC_HANDLE handle) { CloseServiceHandle(handle); }
};
using ServiceManager = UniqueResource<ServiceHandleTraits>;

constexpr DWORD kImagePathChars = 32768;  // the longest NT path
constexpr DWORD kFirstServiceBufferBytes = 64 * 1024;
constexpr DWORD kMaxServiceBufferBytes = 4 * 1024 * 1024;

}  // namespace

std::string WindowsProcessDirectory::ImagePath(std::uint32_t pid) {
  UniqueHandle process(
      OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid));
  if (!process.valid()) return std::string();
  std::wstring path(kImagePathChars, L'\0');
  DWORD size = kImagePathChars;
  if (!QueryFullProcessImageNameW(process.get(), 0, path.data(), &size)) {
    return std::string();
  }
  path.resize(size);
  return Narrow(path.c_str());
}

std::vector<std::pair<std::string, std::uint32_t>>
WindowsProcessDirectory::RunningServices() {
  ServiceManager manager(
      OpenSCManagerW(nullptr, nullptr, SC_MANAGER_ENUMERATE_SERVICE));
  if (!manager.valid()) {
    throw SourceError("OpenSCManager failed: error " +
                      std::to_string(GetLastError()));
  }
  std::vector<std::pair<std::string, std::uint32_t>> services;
  std::vector<BYTE> buffer(kFirstServiceBufferBytes);
  DWORD resume = 0;
  for (;;) {
    DWORD needed = 0;
    DWORD count = 0;
    const BOOL done = EnumServicesStatusExW(
        manager.get(), SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_ACTIVE,
        buffer.data(), static_cast<DWORD>(buffer.size()), &needed, &count,
        &resume, nullptr);
    const DWORD error = done ? ERROR_SUCCESS : GetLastError();
    if (!done && error != ERROR_MORE_DATA) {
      throw SourceError("EnumServicesStatusEx failed: error " +
                        std::to_string(error));
    }
    const auto* entries =
        reinterpret_cast<const ENUM_SERVICE_STATUS_PROCESSW*>(buffer.data());
    for (DWORD i = 0; i < count; ++i) {
      // A service starting or stopping may have no process (yet): none to
      // name (wine reports RpcSs so while its prefix starts up).
      const DWORD pid = entries[i].ServiceStatusProcess.dwProcessId;
      if (pid == 0) continue;
      services.emplace_back(Narrow(entries[i].lpServiceName), pid);
    }
    if (done) return services;
    // More entries follow from `resume`; grow when one did not fit.
    if (count == 0) {
      if (needed <= buffer.size() || needed > kMaxServiceBufferBytes) {
        throw SourceError("EnumServicesStatusEx wants " +
                          std::to_string(needed) + " bytes");
      }
      buffer.resize(needed);
    }
  }
}

}  // namespace portwatch
