#pragma once

#include <memory>
#include <string>

#include "sources/connect_failures/connect_failure_source.h"
#include "sources/conntrack/conntrack_source.h"
#include "sources/netns/netns_source.h"
#include "sources/port_range/port_range_source.h"
#include "sources/port_range/tcpip_parameters.h"
#include "sources/process/process_source.h"
#include "sources/sockets/socket_source.h"

namespace portwatch {

/// Where Linux reads the socket table from.
enum class TcpSourceKind {
  kNetlink,  // sock_diag, falling back to procfs when unavailable
  kProcfs,   // /proc/net/tcp and tcp6
};

/// How the platform sources are chosen: the --path.* flags and the
/// collectors' flags that say how their source reads the OS.
struct SourceOptions {
  std::string procfs_root = "/proc";                   // Linux
  TcpSourceKind tcp_source = TcpSourceKind::kNetlink;  // Linux
  /// Linux: also dump bound-only sockets (sock_diag's bound_inactive
  /// state), which makes the kernel walk the bind table too.
  bool bound_inactive = true;
  std::string named_netns_dir = "/run/netns";  // Linux: `ip netns` names
  bool excluded_port_ranges = false;           // Windows: count excluded ranges
};

/// This platform's OS access, built once at start and owned here; the
/// collectors borrow it. One implementation per platform
/// (platform_sources_<os>.cpp), chosen in CMake.
struct PlatformSources {
  std::unique_ptr<SocketSource> sockets;
  std::unique_ptr<PortRangeSource> port_ranges;
  std::unique_ptr<TcpipParameters> tcpip_parameters;     // Windows only
  std::unique_ptr<NetnsSource> network_namespaces;       // Linux only
  std::unique_ptr<ProcessSocketSource> process_sockets;  // Linux only
  std::unique_ptr<ProcessNames> process_names;
  /// Linux only; loads nothing until collector connect_failures starts it.
  std::unique_ptr<ConnectFailureSource> connect_failures;
  std::unique_ptr<ConntrackSource> conntrack;  // Linux only
};

/// Checks `options` before anything starts; throws std::invalid_argument
/// with a one-line reason (e.g. --path.procfs is not a readable directory).
void ValidateSourceOptions(const SourceOptions& options);

/// Builds the sources for `options`.
PlatformSources MakePlatformSources(const SourceOptions& options);

}  // namespace portwatch
