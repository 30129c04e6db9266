#include <pthread.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "base/log_line.h"
#include "exporter/shutdown_signal.h"

namespace portwatch {
namespace {

sigset_t ShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

/// What the signal thread has seen, and whether the exporter is serving.
struct SignalState {
  std::mutex mutex;
  std::condition_variable received_changed;
  const char* received = nullptr;
  bool serving = false;  // WaitForShutdownSignal has been called
};

SignalState& State() {
  static SignalState* state = new SignalState;  // never destroyed
  return *state;
}

// The signal thread: from the first instruction of main, SIGTERM and
// SIGINT end the process. While starting (nothing served yet) at once; when
// serving, through WaitForShutdownSignal's orderly shutdown; a second
// signal during that ends it at once.
void HandleSignals() {
  const sigset_t signals = ShutdownSignals();
  for (;;) {
    int number = 0;
    if (sigwait(&signals, &number) != 0) continue;
    const char* name = number == SIGTERM ? "SIGTERM" : "SIGINT";
    SignalState& state = State();
    std::lock_guard<std::mutex> lock(state.mutex);
    if (!state.serving || state.received != nullptr) {
      spdlog::warn(LogLine(state.serving ? "second signal; exiting now"
                                         : "signal during start-up; exiting",
                           {{"signal", name}}));
      spdlog::shutdown();
      std::_Exit(state.serving ? 1 : 0);
    }
    state.received = name;
    state.received_changed.notify_all();
  }
}

}  // namespace

void BlockShutdownSignals() {
  sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  std::thread(HandleSignals).detach();
}

const char* WaitForShutdownSignal() {
  SignalState& state = State();
  std::unique_lock<std::mutex> lock(state.mutex);
  state.serving = true;
  state.received_changed.wait(lock, [&] { return state.received != nullptr; });
  return state.received;
}

}  // namespace portwatch
