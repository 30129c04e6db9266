// libFuzzer target: conntrack statistics as the kernel hands them over, the
// first byte choosing which: /proc/net/stat/nf_conntrack text, a datagram of
// the IPCTNL_MSG_CT_GET_STATS_CPU dump, or the IPCTNL_MSG_CT_GET_STATS
// answer.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "base/source_error.h"
#include "sources/conntrack/ctnetlink_stats_parser_linux.h"
#include "sources/conntrack/proc_conntrack_stats_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return 0;
  // A private, exactly-sized copy so reads past the end are caught.
  std::vector<std::uint8_t> copy(data + 1, data + size);
  portwatch::ConntrackStats stats;
  try {
    switch (data[0] % 3) {
      case 0:
        portwatch::ParseProcConntrackStats(
            std::string_view(reinterpret_cast<const char*>(copy.data()),
                             copy.size()),
            stats);
        break;
      case 1:
        portwatch::ParseCtnetlinkCpuStats(copy.data(), copy.size(), stats);
        break;
      default:
        portwatch::ParseCtnetlinkGlobalStats(copy.data(), copy.size(), stats);
    }
  } catch (const portwatch::SourceError&) {
  }
  return 0;
}
