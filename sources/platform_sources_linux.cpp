#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "base/log_line.h"
#include "sources/conntrack/conntrack_source_linux.h"
#include "sources/netns/netns_source_linux.h"
#include "sources/platform_sources.h"
#include "sources/port_range/port_range_source_linux.h"
#include "sources/process/process_source_linux.h"
#include "sources/sockets/fallback_socket_source.h"
#include "sources/sockets/netlink_socket_source_linux.h"
#include "sources/sockets/procfs_socket_source_linux.h"
#include "sources/sockets/serialized_socket_source.h"

namespace portwatch {

void ValidateSourceOptions(const SourceOptions& options) {
  struct stat info;
  const std::string& root = options.procfs_root;
  if (::stat(root.c_str(), &info) != 0 || !S_ISDIR(info.st_mode) ||
      ::access(root.c_str(), R_OK | X_OK) != 0) {
    throw std::invalid_argument("--path.procfs " + root +
                                " is not a readable directory");
  }
}

namespace {

// The socket table of the calling thread's network namespace as the
// options choose; `net_parent` is where procfs keeps that namespace's net/.
std::unique_ptr<SocketSource> MakeSocketSource(const SourceOptions& options,
                                               const std::string& net_parent) {
  auto procfs = std::make_unique<ProcfsSocketSource>(net_parent);
  if (options.tcp_source == TcpSourceKind::kProcfs) return procfs;
  return std::make_unique<FallbackSocketSource>(
      std::make_unique<NetlinkSocketSource>(options.bound_inactive),
      std::move(procfs), [net_parent](const char* reason) {
        spdlog::warn(LogLine("reading procfs net/tcp and tcp6 instead",
                             {{"source", "netlink"},
                              {"path", net_parent + "/net"},
                              {"err", reason}}));
      });
}

}  // namespace

PlatformSources MakePlatformSources(const SourceOptions& options) {
  PlatformSources sources;
  sources.port_ranges =
      std::make_unique<ProcfsPortRangeSource>(options.procfs_root);
  // The exporter's own namespace: /proc/net follows the main thread, which
  // never changes namespace.
  sources.sockets = std::make_unique<SerializedSocketSource>(
      MakeSocketSource(options, options.procfs_root));
  // Other namespaces, from a thread that enters them: /proc/net would still
  // show the main thread's, /proc/thread-self/net shows the thread's own.
  sources.network_namespaces = std::make_unique<LinuxNetnsSource>(
      options.procfs_root, options.named_netns_dir,
      MakeSocketSource(options, options.procfs_root + "/thread-self"),
      std::make_unique<ProcfsPortRangeSource>(options.procfs_root));
  sources.process_sockets =
      std::make_unique<ProcfsProcessSockets>(options.procfs_root, true);
  sources.process_names =
      std::make_unique<ProcfsProcessNames>(options.procfs_root);
  sources.connect_failures = MakeConnectFailureSource();
  sources.conntrack =
      std::make_unique<LinuxConntrackSource>(options.procfs_root);
  return sources;
}

}  // namespace portwatch
