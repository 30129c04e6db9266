#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "sources/netns/netns_source.h"

namespace portwatch {

/// Runs jobs, one at a time, on one long-lived thread that returns to the
/// network namespace it started in after each job: one thread for the
/// exporter's life, so memory does not grow with scrapes (a new thread per
/// scrape would get malloc arenas of its own), and no namespace is kept
/// alive by it between scrapes. The thread starts with the first job.
class NamespaceWorker {
 public:
  NamespaceWorker() = default;
  ~NamespaceWorker();
  NamespaceWorker(const NamespaceWorker&) = delete;
  NamespaceWorker& operator=(const NamespaceWorker&) = delete;

  /// Runs `job` on the worker thread and waits for it; rethrows what it
  /// threw. Throws SourceError when the thread cannot return home.
  void Run(const std::function<void()>& job);

 private:
  void Loop();

  std::mutex mutex_;
  std::condition_variable changed_;
  const std::function<void()>* job_ = nullptr;
  bool done_ = false;
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // started by the first Run
};

/// Lists namespaces with ListNetworkNamespaces and enters them from a
/// worker thread of its own that setns()es into one after the other (a
/// network namespace is per thread, so the scrape threads never move). The
/// sources it is given must read the calling thread's namespace: sock_diag
/// (a netlink socket opened after setns belongs to the new namespace) or
/// <procfs>/thread-self/net, and <procfs>/sys/net (resolved per opener).
/// Needs CAP_SYS_ADMIN (setns) and CAP_SYS_PTRACE (other users'
/// /proc/<pid>/ns/net); List() says which is missing.
class LinuxNetnsSource : public NetnsSource {
 public:
  LinuxNetnsSource(std::string procfs_root, std::string named_dir,
                   std::unique_ptr<SocketSource> thread_sockets,
                   std::unique_ptr<PortRangeSource> thread_ranges);
  NamespaceListing List() override;
  void Enter(const std::vector<NetworkNamespace>& namespaces,
             NamespaceVisitor& visitor) override;

 private:
  /// Runs on the worker thread.
  void EnterEach(const std::vector<NetworkNamespace>& namespaces,
                 NamespaceVisitor& visitor);

  std::string procfs_root_;
  std::string named_dir_;
  std::unique_ptr<SocketSource> sockets_;
  std::unique_ptr<PortRangeSource> ranges_;
  std::mutex enter_mutex_;  // collectors netns and process both enter
  NamespaceWorker worker_;
};

}  // namespace portwatch
