// Windows entry: the service manager (sc.exe start) or a console.
#include <windows.h>

#include "app.h"
#include "entry_point.h"
#include "shutdown_signal.h"

namespace portwatch {
namespace {

constexpr wchar_t kServiceName[] = L"portwatch";

std::vector<std::string> service_args;
SERVICE_STATUS_HANDLE status_handle = nullptr;
SERVICE_STATUS status{};

void Report(DWORD state, DWORD exit_code) {
  status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  status.dwCurrentState = state;
  status.dwControlsAccepted =
      state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN
                               : 0;
  status.dwWin32ExitCode =
      exit_code == 0 ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR;
  status.dwServiceSpecificExitCode = exit_code;
  SetServiceStatus(status_handle, &status);
}

DWORD WINAPI OnControl(DWORD control, DWORD, LPVOID, LPVOID) {
  if (control == SERVICE_CONTROL_STOP || control == SERVICE_CONTROL_SHUTDOWN) {
    Report(SERVICE_STOP_PENDING, 0);
    RequestShutdown("service stop");
    return NO_ERROR;
  }
  return control == SERVICE_CONTROL_INTERROGATE ? NO_ERROR
                                                : ERROR_CALL_NOT_IMPLEMENTED;
}

void WINAPI ServiceMain(DWORD, LPWSTR*) {
  status_handle =
      RegisterServiceCtrlHandlerExW(kServiceName, OnControl, nullptr);
  if (status_handle == nullptr) return;
  Report(SERVICE_RUNNING, 0);
  const int code = RunExporter(service_args);
  Report(SERVICE_STOPPED, static_cast<DWORD>(code));
}

}  // namespace

int RunMain(const std::vector<std::string>& args) {
  service_args = args;
  SERVICE_TABLE_ENTRYW table[] = {
      {const_cast<LPWSTR>(kServiceName), ServiceMain}, {nullptr, nullptr}};
  if (StartServiceCtrlDispatcherW(table)) return 0;
  if (GetLastError() != ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) return 1;
  // Not started by the service manager: a console run.
  BlockShutdownSignals();
  return RunExporter(args);
}

}  // namespace portwatch
