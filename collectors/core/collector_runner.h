#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "collectors/core/collector.h"

namespace portwatch {

/// How one collection of one collector ended, as far as a scrape saw it.
struct CollectorOutcome {
  /// false: still running at the deadline (its output, if it ever comes,
  /// is dropped).
  bool finished = false;
  bool ok = false;    // finished without throwing
  std::string error;  // why not ok (finished collections)
  std::vector<prometheus::MetricFamily> families;  // ok only
  /// The collection's own time; for one still running, how long it has
  /// been running.
  std::chrono::duration<double> elapsed{0};
};

/// Runs one collector on a long-lived thread of its own, so a collection
/// that never returns (a read hung on a FIFO, NFS, FUSE, a stuck cgroup)
/// holds only that thread: the scrape takes what finished by its deadline,
/// and the collector is not started again until the hung collection ends.
/// One thread per collector for the exporter's life, so memory does not
/// grow with scrapes. Thread-safe.
class CollectorRunner {
 public:
  explicit CollectorRunner(std::unique_ptr<Collector> collector);
  /// Joins the thread when it is idle; a thread still inside the collector
  /// is detached with what it uses (see Stop).
  ~CollectorRunner();
  CollectorRunner(const CollectorRunner&) = delete;
  CollectorRunner& operator=(const CollectorRunner&) = delete;

  /// Starts a collection for `deadline`; false (nothing started) while
  /// the last one is still running.
  bool Start(Deadline deadline);
  /// Waits until the collection Start began ends, `deadline` passes or
  /// Stop is called.
  CollectorOutcome WaitUntil(Deadline deadline);
  /// A collection that is still running (Start returned false): not
  /// finished, with how long it has been running.
  CollectorOutcome StillRunning();
  /// Asks the thread to end once idle and waits for that until `deadline`;
  /// false when a collection is still running then (the process should
  /// exit without destroying what the collector borrows).
  bool Stop(Deadline deadline);

 private:
  /// What the thread shares with the runner; the thread keeps it alive.
  struct State {
    explicit State(std::unique_ptr<Collector> c) : collector(std::move(c)) {}
    std::unique_ptr<Collector> collector;
    std::mutex mutex;
    std::condition_variable changed;
    bool requested = false;
    bool running = false;
    bool stopping = false;
    bool stopped = false;
    Deadline deadline;
    std::chrono::steady_clock::time_point started;
    CollectorOutcome last;  // of the last finished collection
  };
  static void Loop(std::shared_ptr<State> state);
  /// Not finished, running since `started`; under the state's mutex.
  CollectorOutcome RunningOutcome() const;

  std::shared_ptr<State> state_;
  std::thread thread_;
};

}  // namespace portwatch
