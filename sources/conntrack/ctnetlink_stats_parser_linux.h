#pragma once

#include <cstddef>
#include <cstdint>

#include "sources/conntrack/conntrack_stats.h"
#include "sources/netlink/netlink_messages_linux.h"

namespace portwatch {

/// Parses one datagram of the answer to IPCTNL_MSG_CT_GET_STATS_CPU (a dump:
/// one message per CPU) and adds each CPU's counters to `stats`. Returns
/// kDone at NLMSG_DONE. Throws SourceError on a kernel error, on truncated
/// messages or attributes, and on messages of another type.
DumpProgress ParseCtnetlinkCpuStats(const std::uint8_t* data, std::size_t size,
                                    ConntrackStats& stats);

/// Parses the answer to IPCTNL_MSG_CT_GET_STATS (one message) into
/// `stats`' entries and max_entries (the latter from Linux 4.x on; left
/// unknown when absent). Throws SourceError as above.
void ParseCtnetlinkGlobalStats(const std::uint8_t* data, std::size_t size,
                               ConntrackStats& stats);

}  // namespace portwatch
