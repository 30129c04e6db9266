#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sources/conntrack/conntrack_source.h"

namespace portwatch {

/// Reads the table's fill from the nf_conntrack_{count,max,buckets} sysctls
/// and the per-CPU counters over ctnetlink (IPCTNL_MSG_CT_GET_STATS_CPU,
/// which needs CAP_NET_ADMIN), else from /proc/net/stat/nf_conntrack
/// (readable by anyone, absent on kernels built without
/// CONFIG_NF_CONNTRACK_PROCFS). Never loads a module: ctnetlink is asked
/// only when nf_conntrack_netlink is loaded or built in.
class LinuxConntrackSource : public ConntrackSource {
 public:
  /// Where the counters may come from.
  enum class Counters { kNetlinkThenProcfs, kProcfsOnly };

  /// `procfs_root`: /proc, or a fixture tree (with kProcfsOnly: ctnetlink
  /// would answer for the real kernel); `sys_module_dir`: /sys/module.
  explicit LinuxConntrackSource(
      std::string procfs_root = "/proc",
      Counters counters = Counters::kNetlinkThenProcfs,
      std::string sys_module_dir = "/sys/module");
  std::optional<ConntrackReading> Read() override;

 private:
  /// Whether a ctnetlink request could make the kernel load a module.
  bool CtnetlinkWouldLoadAModule();
  /// Reads the counters over ctnetlink into `reading`; false, with the
  /// reason in reading.netlink_unavailable, when it may not be used.
  bool ReadCountersOverNetlink(ConntrackReading& reading);

  std::string procfs_root_;
  Counters counters_;
  std::string sys_module_dir_;
  /// Whether modules.builtin lists nf_conntrack_netlink, once read: it
  /// cannot change while the kernel runs.
  std::optional<bool> ctnetlink_built_in_;
  std::vector<std::uint8_t> buffer_;
};

}  // namespace portwatch
