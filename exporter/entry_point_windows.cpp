// Windows entry: the service manager (sc.exe start) or a console.
#include <windows.h>

#include <iostream>
#include <mutex>
#include <sstream>

#include "exporter/app.h"
#include "exporter/entry_point.h"
#include "exporter/shutdown_signal.h"
#include "exporter/shutdown_signal_windows.h"

namespace portwatch {
namespace {

constexpr wchar_t kServiceName[] = L"portwatch";
constexpr DWORD kStartWaitHintMs = 60000;
constexpr DWORD kStopWaitHintMs = 15000;

std::vector<std::string> service_args;
std::mutex status_mutex;
SERVICE_STATUS_HANDLE status_handle = nullptr;
SERVICE_STATUS status{};

/// Reports the service state to the SCM; pending states carry a growing
/// checkpoint and a wait hint. Called from ServiceMain and the handler.
void Report(DWORD state, DWORD exit_code = 0, DWORD wait_hint = 0) {
  std::lock_guard<std::mutex> lock(status_mutex);
  status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  status.dwCurrentState = state;
  status.dwControlsAccepted =
      state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN
                               : 0;
  status.dwWin32ExitCode =
      exit_code == 0 ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR;
  status.dwServiceSpecificExitCode = exit_code;
  const bool pending =
      state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING;
  status.dwCheckPoint = pending ? status.dwCheckPoint + 1 : 0;
  status.dwWaitHint = wait_hint;
  SetServiceStatus(status_handle, &status);
}

// A service has no console: startup errors go to the Application log.
void LogToEventLog(const std::string& text) {
  HANDLE source = RegisterEventSourceW(nullptr, kServiceName);
  if (source == nullptr) return;
  const char* strings[] = {text.c_str()};
  ReportEventA(source, EVENTLOG_ERROR_TYPE, 0, 1, nullptr, 1, 0, strings,
               nullptr);
  DeregisterEventSource(source);
}

DWORD WINAPI OnControl(DWORD control, DWORD, LPVOID, LPVOID) {
  if (control == SERVICE_CONTROL_STOP || control == SERVICE_CONTROL_SHUTDOWN) {
    Report(SERVICE_STOP_PENDING, 0, kStopWaitHintMs);
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
  Report(SERVICE_START_PENDING, 0, kStartWaitHintMs);
  std::ostringstream errors;
  std::streambuf* console = std::cerr.rdbuf(errors.rdbuf());
  int code = 1;
  try {
    code = RunExporter(service_args, [] { Report(SERVICE_RUNNING); });
  } catch (...) {
    errors << "portwatch_exporter: unexpected failure\n";
  }
  std::cerr.rdbuf(console);
  if (code != 0) LogToEventLog(errors.str());
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
  const int code = RunExporter(args);
  NotifyFinished();
  return code;
}

}  // namespace portwatch
