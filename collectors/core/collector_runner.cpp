#include "collectors/core/collector_runner.h"

#include <exception>
#include <utility>

namespace portwatch {

CollectorRunner::CollectorRunner(std::unique_ptr<Collector> collector)
    : state_(std::make_shared<State>(std::move(collector))),
      thread_(&CollectorRunner::Loop, state_) {}

CollectorRunner::~CollectorRunner() {
  bool idle = false;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
    idle = !state_->running;
  }
  state_->changed.notify_all();
  if (idle) {
    thread_.join();
  } else {
    // Inside the collector, maybe for good: the thread owns the state.
    thread_.detach();
  }
}

bool CollectorRunner::Start(Deadline deadline) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->running) return false;
  state_->requested = true;
  state_->running = true;
  state_->deadline = deadline;
  state_->started = std::chrono::steady_clock::now();
  state_->changed.notify_all();
  return true;
}

CollectorOutcome CollectorRunner::WaitUntil(Deadline deadline) {
  std::unique_lock<std::mutex> lock(state_->mutex);
  // Stop (shutdown) ends the wait too: the scrape is answered with what
  // finished.
  if (!state_->changed.wait_until(
          lock, deadline,
          [this] { return !state_->running || state_->stopping; }) ||
      state_->running) {
    return RunningOutcome();
  }
  return std::move(state_->last);
}

CollectorOutcome CollectorRunner::StillRunning() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return RunningOutcome();
}

CollectorOutcome CollectorRunner::RunningOutcome() const {
  CollectorOutcome outcome;
  outcome.elapsed = std::chrono::steady_clock::now() - state_->started;
  return outcome;
}

bool CollectorRunner::Stop(Deadline deadline) {
  std::unique_lock<std::mutex> lock(state_->mutex);
  state_->stopping = true;
  state_->changed.notify_all();
  return state_->changed.wait_until(lock, deadline,
                                    [this] { return state_->stopped; });
}

void CollectorRunner::Loop(std::shared_ptr<State> state) {
  std::unique_lock<std::mutex> lock(state->mutex);
  for (;;) {
    state->changed.wait(lock,
                        [&] { return state->requested || state->stopping; });
    if (state->stopping) break;
    state->requested = false;
    const Deadline deadline = state->deadline;
    lock.unlock();
    CollectorOutcome outcome;
    const auto started = std::chrono::steady_clock::now();
    try {
      state->collector->CollectBy(outcome.families, deadline);
      outcome.ok = true;
    } catch (const std::exception& error) {
      outcome.error = error.what();
    } catch (...) {
      outcome.error = "unknown exception";
    }
    outcome.elapsed = std::chrono::steady_clock::now() - started;
    outcome.finished = true;
    if (!outcome.ok) outcome.families.clear();  // never partial numbers
    lock.lock();
    state->last = std::move(outcome);
    state->running = false;
    state->changed.notify_all();
  }
  state->running = false;
  state->stopped = true;
  state->changed.notify_all();
}

}  // namespace portwatch
