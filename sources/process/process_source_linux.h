#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sources/process/process_source.h"

namespace portwatch {

/// The inode in a /proc/<pid>/fd link target ("socket:[12345]"), 0 for
/// anything else (files, pipes, malformed).
std::uint32_t ParseSocketLink(std::string_view target);

/// Walks <procfs>/<pid>/fd. Processes that exit during the walk are
/// skipped; those it may not read are counted as denied. Needs
/// CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE for other users' processes: with
/// `require_privileges` it checks them first and fails without them
/// (rather than publishing only the processes it happens to be allowed to
/// read).
class ProcfsProcessSockets : public ProcessSocketSource {
 public:
  ProcfsProcessSockets(std::string procfs_root, bool require_privileges);
  ProcessScan ForEachProcess(ProcessSocketVisitor& visitor) override;

 private:
  std::string procfs_root_;
  bool require_privileges_;
  std::vector<std::uint32_t> inodes_;  // one process's, reused
};

/// Names from <procfs>/<pid>/comm, namespaces from <procfs>/<pid>/ns/net.
class ProcfsProcessNames : public ProcessNames {
 public:
  explicit ProcfsProcessNames(std::string procfs_root);
  std::vector<ProcessIdentity> Describe(
      const std::vector<std::uint32_t>& pids) override;

 private:
  std::string procfs_root_;
};

}  // namespace portwatch
