#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sources/netns/cgroup_identity.h"
#include "sources/port_range/port_range_source.h"
#include "sources/sockets/socket_source.h"

namespace portwatch {

/// One network namespace found on the host, and how to enter it.
struct NetworkNamespace {
  std::uint64_t inode = 0;  // the namespace's identity (nsfs inode)
  std::string name;         // its `ip netns` name, empty when it has none
  /// The lowest-numbered process in it, 0 when only a name holds it.
  std::uint32_t pid = 0;
  /// Container and pod of that process, read from its cgroup path.
  ContainerIdentity identity;
  std::string path;  // what to open to enter it (/proc/<pid>/ns/net ...)
};

/// What a namespace listing found.
struct NamespaceListing {
  std::vector<NetworkNamespace> namespaces;  // ascending inode
  /// Processes whose namespace could not be read (no permission); their
  /// namespaces may be missing from the listing.
  std::uint64_t processes_denied = 0;
  /// The namespace the exporter itself runs in (0 when unknown): the one
  /// collectors tcp and portrange already report.
  std::uint64_t own_inode = 0;
};

/// Receives each namespace entered, with sources that read inside it; both
/// are valid only during the call.
class NamespaceVisitor {
 public:
  virtual ~NamespaceVisitor() = default;
  virtual void OnNamespace(const NetworkNamespace& ns, SocketSource& sockets,
                           PortRangeSource& ranges) = 0;
  /// The namespace was gone (or its process replaced) before it was entered.
  virtual void OnVanished(const NetworkNamespace& ns) = 0;
  /// Asked before each namespace is entered; false: the rest are not
  /// entered at all (a scrape deadline near).
  virtual bool WantsMore() { return true; }
};

/// Lists the network namespaces of the host and reads inside each one
/// (Linux: netns_source_linux.cpp). Thread-safe: Enter calls take turns.
class NetnsSource {
 public:
  virtual ~NetnsSource() = default;
  /// Every namespace held by a process or an `ip netns` name, once each.
  /// Throws SourceError when the process lacks what it needs to look.
  virtual NamespaceListing List() = 0;
  /// Enters each of `namespaces` in order and visits it. Throws
  /// SourceError when namespaces cannot be entered at all (privileges);
  /// exceptions from the visitor propagate.
  virtual void Enter(const std::vector<NetworkNamespace>& namespaces,
                     NamespaceVisitor& visitor) = 0;
};

}  // namespace portwatch
