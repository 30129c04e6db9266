#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace portwatch {

/// Who a process is, as the `process` collector labels it.
struct ProcessIdentity {
  std::uint32_t pid = 0;
  std::string name;      // Linux: comm; Windows: image file name
  std::string services;  // Windows: services it hosts, sorted, comma-separated
  std::uint64_t netns = 0;  // Linux: its network namespace's inode
};

/// Looks up processes by pid (Linux: /proc/<pid>/comm and ns/net; Windows:
/// the image name and the services the Service Control Manager runs in
/// it). Not thread-safe.
class ProcessNames {
 public:
  virtual ~ProcessNames() = default;
  /// One identity per pid, in order; a process that has exited gets an
  /// empty name. Never throws for a single process.
  virtual std::vector<ProcessIdentity> Describe(
      const std::vector<std::uint32_t>& pids) = 0;
};

/// What a walk over the processes' open files met.
struct ProcessScan {
  std::uint64_t processes = 0;  // processes whose files were read
  std::uint64_t denied = 0;     // processes whose files could not be read
};

/// Receives each process that holds sockets, with their inodes; the vector
/// is valid only during the call.
class ProcessSocketVisitor {
 public:
  virtual ~ProcessSocketVisitor() = default;
  virtual void OnProcess(std::uint32_t pid,
                         const std::vector<std::uint32_t>& socket_inodes) = 0;
};

/// Linux: which sockets each process holds, from the links in
/// /proc/<pid>/fd ("socket:[<inode>]"), as `ss -p` finds them. Not
/// thread-safe.
class ProcessSocketSource {
 public:
  virtual ~ProcessSocketSource() = default;
  /// Visits every process holding at least one socket. Throws SourceError
  /// when the process lacks the privileges to look (saying which).
  virtual ProcessScan ForEachProcess(ProcessSocketVisitor& visitor) = 0;
};

}  // namespace portwatch
