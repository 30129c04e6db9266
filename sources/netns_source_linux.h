#pragma once

#include <memory>
#include <string>

#include "netns_source.h"

namespace portwatch {

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
};

}  // namespace portwatch
