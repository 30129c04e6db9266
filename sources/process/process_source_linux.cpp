#include "sources/process/process_source_linux.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "base/capabilities_linux.h"
#include "base/decimal.h"
#include "base/directory_linux.h"
#include "base/small_file_linux.h"
#include "base/source_error.h"
#include "base/utf8.h"
#include "sources/netns/netns_discovery_linux.h"

namespace portwatch {
namespace {
constexpr std::size_t kMaxCommBytes = 64;
}

std::uint32_t ParseSocketLink(std::string_view target) {
  constexpr std::string_view kPrefix = "socket:[";
  if (target.substr(0, kPrefix.size()) != kPrefix || target.empty() ||
      target.back() != ']') {
    return 0;
  }
  target.remove_prefix(kPrefix.size());
  target.remove_suffix(1);
  return ParseDecimal<std::uint32_t>(target).value_or(0);
}

ProcfsProcessSockets::ProcfsProcessSockets(std::string procfs_root,
                                           bool require_privileges)
    : procfs_root_(std::move(procfs_root)),
      require_privileges_(require_privileges) {}

ProcessScan ProcfsProcessSockets::ForEachProcess(
    ProcessSocketVisitor& visitor) {
  const std::string missing =
      require_privileges_
          ? MissingCapabilities({CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE})
          : std::string();
  if (!missing.empty()) {
    throw SourceError(
        "reading other processes' sockets needs CAP_DAC_READ_SEARCH and "
        "CAP_SYS_PTRACE (/proc/<pid>/fd); missing " +
        missing);
  }
  ProcessScan scan;
  const bool listed = ForEachEntry(procfs_root_, [&](std::string_view entry) {
    const std::optional<std::uint32_t> pid = ParseDecimal<std::uint32_t>(entry);
    if (!pid) return;
    const std::string fd_path = procfs_root_ + "/" + std::string(entry) + "/fd";
    UniqueDir fds(::opendir(fd_path.c_str()));
    if (!fds) {
      if (errno == EACCES || errno == EPERM) ++scan.denied;
      return;  // otherwise it exited
    }
    ++scan.processes;
    inodes_.clear();
    const int dir_fd = ::dirfd(fds.get());
    ForEachEntry(fds.get(), [&](std::string_view fd) {
      char target[64];
      // `fd` views the dirent's NUL-terminated name.
      const ssize_t length =
          ::readlinkat(dir_fd, fd.data(), target, sizeof target - 1);
      if (length <= 0) return;  // closed meanwhile
      const std::uint32_t inode = ParseSocketLink(
          std::string_view(target, static_cast<std::size_t>(length)));
      if (inode != 0) inodes_.push_back(inode);
    });
    if (!inodes_.empty()) visitor.OnProcess(*pid, inodes_);
  });
  if (!listed) {
    throw SourceError("cannot list " + procfs_root_ + ": " +
                      std::strerror(errno));
  }
  return scan;
}

ProcfsProcessNames::ProcfsProcessNames(std::string procfs_root)
    : procfs_root_(std::move(procfs_root)) {}

std::vector<ProcessIdentity> ProcfsProcessNames::Describe(
    const std::vector<std::uint32_t>& pids) {
  std::vector<ProcessIdentity> identities;
  identities.reserve(pids.size());
  for (std::uint32_t pid : pids) {
    ProcessIdentity identity;
    identity.pid = pid;
    const std::string dir = procfs_root_ + "/" + std::to_string(pid);
    try {
      identity.name = ReadSmallFile(dir + "/comm", kMaxCommBytes);
      while (!identity.name.empty() && identity.name.back() == '\n') {
        identity.name.pop_back();
      }
      // Any process can name itself any bytes (prctl PR_SET_NAME).
      identity.name = ValidUtf8(identity.name);
    } catch (const SourceError&) {
      // exited: no name
    }
    identity.netns = ReadNetnsLink(dir + "/ns/net").value_or(0);
    identities.push_back(std::move(identity));
  }
  return identities;
}

}  // namespace portwatch
