#include "sources/netns/netns_source_linux.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <utility>

#include "base/capabilities_linux.h"
#include "base/source_error.h"
#include "base/unique_fd_linux.h"
#include "sources/netns/netns_discovery_linux.h"

namespace portwatch {
namespace {

// Errors of open()/setns() that mean the namespace or its process is gone,
// or the path no longer names a namespace.
bool MeansVanished(int error) {
  return error == ENOENT || error == ESRCH || error == ENOTDIR ||
         error == EINVAL;
}

// Whether `ns.path` names another file than when it was listed: a process
// that exited (its pid maybe reused), or an `ip netns` name being added or
// deleted (a bare mount point then, which only root may open). Errors that
// leave it open (no permission to look) are not taken as gone.
bool NoLongerThere(const NetworkNamespace& ns) {
  struct stat info;
  if (::stat(ns.path.c_str(), &info) != 0) return MeansVanished(errno);
  return info.st_ino != ns.inode;
}

std::string Describe(const NetworkNamespace& ns) {
  return "network namespace " + std::to_string(ns.inode) + " (" + ns.path + ")";
}

}  // namespace

LinuxNetnsSource::LinuxNetnsSource(
    std::string procfs_root, std::string named_dir,
    std::unique_ptr<SocketSource> thread_sockets,
    std::unique_ptr<PortRangeSource> thread_ranges)
    : procfs_root_(std::move(procfs_root)),
      named_dir_(std::move(named_dir)),
      sockets_(std::move(thread_sockets)),
      ranges_(std::move(thread_ranges)) {}

NamespaceListing LinuxNetnsSource::List() {
  const std::string missing =
      MissingCapabilities({CAP_SYS_ADMIN, CAP_SYS_PTRACE});
  if (!missing.empty()) {
    throw SourceError(
        "reading other network namespaces needs CAP_SYS_ADMIN (setns) and "
        "CAP_SYS_PTRACE (other users' /proc/<pid>/ns/net); missing " +
        missing);
  }
  return ListNetworkNamespaces(procfs_root_, named_dir_);
}

NamespaceWorker::~NamespaceWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void NamespaceWorker::Run(const std::function<void()>& job) {
  std::unique_lock<std::mutex> lock(mutex_);
  // Started by the first job: an exporter whose collectors never enter a
  // namespace has no such thread. It starts in the caller's namespace,
  // where it comes back to after each job.
  if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
  job_ = &job;
  done_ = false;
  failure_ = nullptr;
  changed_.notify_all();
  changed_.wait(lock, [this] { return done_; });
  if (failure_) std::rethrow_exception(failure_);
}

void NamespaceWorker::Loop() {
  // Where to come back to: this thread's namespace at start.
  UniqueFd home(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  const int home_error = home.valid() ? 0 : errno;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stopping_ || job_ != nullptr; });
    if (stopping_) return;
    const std::function<void()>* job = job_;
    job_ = nullptr;
    lock.unlock();
    std::exception_ptr failure;
    try {
      (*job)();
    } catch (...) {
      failure = std::current_exception();
    }
    // Home again, also after a failure, so no namespace stays held.
    const bool home_again =
        home.valid() && ::setns(home.get(), CLONE_NEWNET) == 0;
    if (!home_again && !failure) {
      failure = std::make_exception_ptr(SourceError(
          std::string("cannot return to the exporter's network namespace: ") +
          std::strerror(home.valid() ? errno : home_error)));
    }
    lock.lock();
    failure_ = failure;
    done_ = true;
    changed_.notify_all();
  }
}

void LinuxNetnsSource::Enter(const std::vector<NetworkNamespace>& namespaces,
                             NamespaceVisitor& visitor) {
  std::lock_guard<std::mutex> lock(enter_mutex_);
  worker_.Run([&] { EnterEach(namespaces, visitor); });
}

void LinuxNetnsSource::EnterEach(
    const std::vector<NetworkNamespace>& namespaces,
    NamespaceVisitor& visitor) {
  for (const NetworkNamespace& ns : namespaces) {
    if (!visitor.WantsMore()) return;
    UniqueFd fd(::open(ns.path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
      const int error = errno;
      if (MeansVanished(error) || NoLongerThere(ns)) {
        visitor.OnVanished(ns);
        continue;
      }
      throw SourceError("cannot open " + Describe(ns) + ": " +
                        std::strerror(error));
    }
    // Holding the descriptor keeps the namespace alive from here on; a
    // different inode means the pid was reused by another process.
    struct stat info;
    if (::fstat(fd.get(), &info) != 0 || info.st_ino != ns.inode) {
      visitor.OnVanished(ns);
      continue;
    }
    if (::setns(fd.get(), CLONE_NEWNET) != 0) {
      if (MeansVanished(errno)) {
        visitor.OnVanished(ns);
        continue;
      }
      throw SourceError("cannot enter " + Describe(ns) + ": " +
                        std::strerror(errno));
    }
    visitor.OnNamespace(ns, *sockets_, *ranges_);
  }
}

}  // namespace portwatch
