#include "sources/conntrack/conntrack_source_linux.h"

#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "base/decimal.h"
#include "base/small_file_linux.h"
#include "base/source_error.h"
#include "base/text.h"
#include "sources/conntrack/ctnetlink_stats_parser_linux.h"
#include "sources/conntrack/proc_conntrack_stats_parser.h"
#include "sources/netlink/netlink_socket_linux.h"

namespace portwatch {
namespace {

constexpr std::size_t kMaxSysctlBytes = 64;
// One line per CPU of ~150 bytes: 1 MiB is thousands of CPUs.
constexpr std::size_t kMaxStatsBytes = 1 << 20;
// A few hundred bytes per CPU.
constexpr std::size_t kReceiveBufferBytes = 64 * 1024;

bool Exists(const std::string& path) {
  return ::access(path.c_str(), F_OK) == 0;
}

// A sysctl's number; nullopt when the sysctl does not exist.
std::optional<std::uint64_t> ReadSysctl(const std::string& path) {
  if (!Exists(path)) return std::nullopt;
  const std::string text = ReadSmallFile(path, kMaxSysctlBytes);
  const auto value = ParseDecimal<std::uint64_t>(Trim(text));
  if (!value) throw SourceError(path + ": not a number");
  return value;
}

/// A ctnetlink request: a netlink header and nfgenmsg, no attributes.
struct StatsRequest {
  nlmsghdr header;
  nfgenmsg body;
};

StatsRequest MakeRequest(int message, std::uint16_t flags) {
  StatsRequest request{};
  request.header.nlmsg_len = sizeof request;
  request.header.nlmsg_type =
      static_cast<std::uint16_t>((NFNL_SUBSYS_CTNETLINK << 8) | message);
  request.header.nlmsg_flags = flags;
  request.header.nlmsg_seq = 1;
  request.body.nfgen_family = AF_UNSPEC;
  request.body.version = NFNETLINK_V0;
  return request;
}

}  // namespace

LinuxConntrackSource::LinuxConntrackSource(std::string procfs_root,
                                           Counters counters,
                                           std::string sys_module_dir)
    : procfs_root_(std::move(procfs_root)),
      counters_(counters),
      sys_module_dir_(std::move(sys_module_dir)) {}

bool LinuxConntrackSource::CtnetlinkWouldLoadAModule() {
  if (!Exists(procfs_root_ + "/modules")) return false;  // cannot load any
  if (Exists(sys_module_dir_ + "/nf_conntrack_netlink")) return false;
  if (!ctnetlink_built_in_) {
    utsname system{};
    const std::string builtin = std::string("/lib/modules/") +
                                (::uname(&system) == 0 ? system.release : "") +
                                "/modules.builtin";
    ctnetlink_built_in_ =
        Exists(builtin) &&
        ReadSmallFile(builtin, 4 << 20).find("/nf_conntrack_netlink.ko") !=
            std::string::npos;
  }
  return !*ctnetlink_built_in_;
}

bool LinuxConntrackSource::ReadCountersOverNetlink(ConntrackReading& reading) {
  if (CtnetlinkWouldLoadAModule()) {
    reading.netlink_unavailable =
        "module nf_conntrack_netlink is not loaded (the exporter loads none)";
    return false;
  }
  try {
    NetlinkSocket socket(NETLINK_NETFILTER, "ctnetlink");
    if (buffer_.empty()) buffer_.resize(kReceiveBufferBytes);
    ConntrackStats counted;
    const StatsRequest per_cpu =
        MakeRequest(IPCTNL_MSG_CT_GET_STATS_CPU, NLM_F_REQUEST | NLM_F_DUMP);
    socket.Send(&per_cpu, sizeof per_cpu);
    while (ParseCtnetlinkCpuStats(buffer_.data(), socket.Receive(buffer_),
                                  counted) != DumpProgress::kDone) {
    }
    const StatsRequest global =
        MakeRequest(IPCTNL_MSG_CT_GET_STATS, NLM_F_REQUEST);
    socket.Send(&global, sizeof global);
    ParseCtnetlinkGlobalStats(buffer_.data(), socket.Receive(buffer_), counted);
    reading.stats.counters = counted.counters;
    if (counted.entries) reading.stats.entries = counted.entries;
    if (counted.max_entries) reading.stats.max_entries = counted.max_entries;
  } catch (const NetlinkKernelError& error) {
    if (!IsNetlinkUnavailableErrno(error.error())) throw;
    reading.netlink_unavailable =
        std::string(error.what()) +
        (error.error() == EPERM ? " (needs CAP_NET_ADMIN)" : "");
    return false;
  } catch (const SourceUnavailable& error) {
    reading.netlink_unavailable = error.what();
    return false;
  }
  reading.counters_source = "netlink";
  return true;
}

std::optional<ConntrackReading> LinuxConntrackSource::Read() {
  const std::string sysctls = procfs_root_ + "/sys/net/netfilter/";
  ConntrackReading reading;
  reading.stats.max_entries = ReadSysctl(sysctls + "nf_conntrack_max");
  if (!reading.stats.max_entries) return std::nullopt;  // not in use
  reading.stats.entries = ReadSysctl(sysctls + "nf_conntrack_count");
  reading.stats.buckets = ReadSysctl(sysctls + "nf_conntrack_buckets");
  if (counters_ == Counters::kNetlinkThenProcfs &&
      ReadCountersOverNetlink(reading)) {
    return reading;
  }
  const std::string stats_path = procfs_root_ + "/net/stat/nf_conntrack";
  if (!Exists(stats_path)) {
    if (!reading.netlink_unavailable.empty()) {
      reading.netlink_unavailable += "; and ";
    }
    reading.netlink_unavailable +=
        stats_path +
        " does not exist (kernel without CONFIG_NF_CONNTRACK_PROCFS)";
    return reading;
  }
  ParseProcConntrackStats(ReadSmallFile(stats_path, kMaxStatsBytes),
                          reading.stats);
  reading.counters_source = "procfs";
  return reading;
}

}  // namespace portwatch
