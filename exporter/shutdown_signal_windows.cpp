#include "exporter/shutdown_signal_windows.h"

#include <windows.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "exporter/shutdown_signal.h"

namespace portwatch {
namespace {

std::mutex stop_mutex;
std::condition_variable stop_requested;
const char* stop_reason = nullptr;
std::atomic<bool> finished{false};

// Waits until NotifyFinished, at most `timeout`.
void WaitUntilFinished(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!finished && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

BOOL WINAPI OnConsoleControl(DWORD event) {
  const char* reason = event == CTRL_C_EVENT       ? "Ctrl-C"
                       : event == CTRL_BREAK_EVENT ? "Ctrl-Break"
                                                   : "console close";
  RequestShutdown(reason);
  // Windows ends the process when this handler returns from a close,
  // logoff or shutdown event: let the exporter stop cleanly first.
  if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT) {
    WaitUntilFinished(std::chrono::seconds(5));
  }
  return TRUE;
}

}  // namespace

void RequestShutdown(const char* reason) {
  std::lock_guard<std::mutex> lock(stop_mutex);
  if (stop_reason == nullptr) stop_reason = reason;
  stop_requested.notify_all();
}

void NotifyFinished() { finished = true; }

void BlockShutdownSignals() { SetConsoleCtrlHandler(OnConsoleControl, TRUE); }

const char* WaitForShutdownSignal() {
  std::unique_lock<std::mutex> lock(stop_mutex);
  stop_requested.wait(lock, [] { return stop_reason != nullptr; });
  return stop_reason;
}

}  // namespace portwatch
