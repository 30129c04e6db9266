#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "fallback_socket_source.h"
#include "log_line.h"
#include "netlink_socket_source_linux.h"
#include "platform_sources.h"
#include "port_range_source_linux.h"
#include "procfs_socket_source_linux.h"

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

PlatformSources MakePlatformSources(const SourceOptions& options) {
  PlatformSources sources;
  sources.port_ranges =
      std::make_unique<ProcfsPortRangeSource>(options.procfs_root);
  auto procfs = std::make_unique<ProcfsSocketSource>(options.procfs_root);
  if (options.tcp_source == TcpSourceKind::kProcfs) {
    sources.sockets = std::move(procfs);
  } else {
    sources.sockets = std::make_unique<FallbackSocketSource>(
        std::make_unique<NetlinkSocketSource>(), std::move(procfs),
        [](const char* reason) {
          spdlog::warn(LogLine("reading /proc/net/tcp and tcp6 instead",
                               {{"source", "netlink"}, {"err", reason}}));
        });
  }
  return sources;
}

}  // namespace portwatch
