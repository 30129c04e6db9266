#include "sources/netns/netns_discovery_linux.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "base/decimal.h"
#include "base/directory_linux.h"
#include "base/small_file_linux.h"
#include "base/source_error.h"
#include "base/utf8.h"

namespace portwatch {
namespace {

constexpr std::size_t kMaxCgroupFileBytes = 64 * 1024;

ContainerIdentity ReadIdentity(const std::string& procfs_root,
                               std::uint32_t pid) {
  try {
    return ParseCgroupIdentity(
        ReadSmallFile(procfs_root + "/" + std::to_string(pid) + "/cgroup",
                      kMaxCgroupFileBytes));
  } catch (const SourceError&) {
    return {};  // the process exited: the namespace just has no identity
  }
}

}  // namespace

std::optional<std::uint64_t> ParseNetnsLink(std::string_view target) {
  constexpr std::string_view kPrefix = "net:[";
  if (target.substr(0, kPrefix.size()) != kPrefix || target.size() < 7 ||
      target.back() != ']') {
    return std::nullopt;
  }
  target.remove_prefix(kPrefix.size());
  target.remove_suffix(1);
  return ParseDecimal<std::uint64_t>(target);
}

std::optional<std::uint64_t> ReadNetnsLink(const std::string& path) {
  char target[64];
  const ssize_t length = ::readlink(path.c_str(), target, sizeof target - 1);
  if (length < 0) return std::nullopt;
  errno = 0;  // read, but perhaps no namespace link
  return ParseNetnsLink(
      std::string_view(target, static_cast<std::size_t>(length)));
}

NamespaceListing ListNetworkNamespaces(const std::string& procfs_root,
                                       const std::string& named_dir) {
  std::map<std::uint64_t, NetworkNamespace> by_inode;
  NamespaceListing listing;
  const bool listed = ForEachEntry(procfs_root, [&](std::string_view entry) {
    const std::optional<std::uint32_t> pid = ParseDecimal<std::uint32_t>(entry);
    if (!pid || *pid == 0) return;
    std::string path = procfs_root + "/" + std::string(entry) + "/ns/net";
    const std::optional<std::uint64_t> inode = ReadNetnsLink(path);
    if (!inode) {
      if (errno == EACCES || errno == EPERM) ++listing.processes_denied;
      return;  // otherwise gone, a kernel thread without one, or malformed
    }
    NetworkNamespace& ns = by_inode[*inode];
    if (ns.pid == 0 || *pid < ns.pid) {
      ns.inode = *inode;
      ns.pid = *pid;
      ns.path = std::move(path);
    }
  });
  if (!listed) {
    throw SourceError("cannot list " + procfs_root + ": " +
                      std::strerror(errno));
  }
  // Namespace files live on nsfs; a name on another file system is a bare
  // mount point of a name being added or deleted. (A fake procfs has no
  // nsfs to compare with: then every name counts.)
  struct stat own_ns;
  const bool nsfs_known =
      ::stat((procfs_root + "/self/ns/net").c_str(), &own_ns) == 0;
  ForEachEntry(named_dir, [&](std::string_view entry) {
    std::string path = named_dir + "/" + std::string(entry);
    struct stat info;
    if (::stat(path.c_str(), &info) != 0) return;
    if (nsfs_known && info.st_dev != own_ns.st_dev) return;
    NetworkNamespace& ns = by_inode[info.st_ino];
    ns.inode = info.st_ino;
    // A file name: any bytes but '/' and NUL.
    std::string name = ValidUtf8(entry);
    if (ns.name.empty() || name < ns.name) {  // the first name, sorted
      ns.name = std::move(name);
      if (ns.pid == 0) ns.path = std::move(path);
    }
  });
  listing.own_inode = ReadNetnsLink(procfs_root + "/self/ns/net").value_or(0);
  listing.namespaces.reserve(by_inode.size());
  for (auto& [inode, ns] : by_inode) {
    if (ns.pid != 0) ns.identity = ReadIdentity(procfs_root, ns.pid);
    listing.namespaces.push_back(std::move(ns));
  }
  return listing;
}

}  // namespace portwatch
