#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sources/netns/netns_source.h"

namespace portwatch {

/// The inode in the target of a /proc/<pid>/ns/net link ("net:[4026531840]"),
/// nullopt for anything else.
std::optional<std::uint64_t> ParseNetnsLink(std::string_view target);

/// The namespace inode the link at `path` (a <pid>/ns/net) names; nullopt
/// when it cannot be read (errno then says why) or names something else.
std::optional<std::uint64_t> ReadNetnsLink(const std::string& path);

/// Lists the network namespaces held by the processes under `procfs_root`
/// (readlink of <pid>/ns/net, one entry per inode, with the lowest pid and
/// the container identity from that pid's cgroup file) and by the names
/// bind-mounted in `named_dir` (as `ip netns add` does; a missing directory
/// means no names), and the exporter's own (<procfs_root>/self/ns/net).
/// Processes that exit while being listed are skipped.
/// Throws SourceError when `procfs_root` cannot be listed.
NamespaceListing ListNetworkNamespaces(const std::string& procfs_root,
                                       const std::string& named_dir);

}  // namespace portwatch
