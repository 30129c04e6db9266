#include "sources/conntrack/ctnetlink_stats_parser_linux.h"

#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include <optional>
#include <string>

#include "sources/netlink/netlink_attributes_linux.h"

namespace portwatch {
namespace {

constexpr char kProtocol[] = "ctnetlink";

constexpr std::uint16_t MessageType(int message) {
  return static_cast<std::uint16_t>((NFNL_SUBSYS_CTNETLINK << 8) | message);
}

// The counter a CTA_STATS_* attribute holds, if the exporter publishes it.
std::optional<ConntrackCounter> CounterOfAttribute(std::uint16_t type) {
  switch (type) {
    case CTA_STATS_FOUND:
      return ConntrackCounter::kFound;
    case CTA_STATS_INVALID:
      return ConntrackCounter::kInvalid;
    case CTA_STATS_INSERT:
      return ConntrackCounter::kInsert;
    case CTA_STATS_INSERT_FAILED:
      return ConntrackCounter::kInsertFailed;
    case CTA_STATS_DROP:
      return ConntrackCounter::kDrop;
    case CTA_STATS_EARLY_DROP:
      return ConntrackCounter::kEarlyDrop;
    case CTA_STATS_ERROR:
      return ConntrackCounter::kError;
    case CTA_STATS_SEARCH_RESTART:
      return ConntrackCounter::kSearchRestart;
    case CTA_STATS_CLASH_RESOLVE:
      return ConntrackCounter::kClashResolve;
    case CTA_STATS_CHAIN_TOOLONG:
      return ConntrackCounter::kChainTooLong;
    default:
      return std::nullopt;  // no longer used, or newer than this build
  }
}

// The attributes after a message's nfgenmsg.
template <typename OnAttribute>
void ForEachStatsAttribute(const NetlinkMessage& message,
                           std::uint16_t expected_type,
                           OnAttribute&& on_attribute) {
  if (message.type != expected_type) {
    ThrowMalformedNetlink(kProtocol, "unexpected netlink message type " +
                                         std::to_string(message.type));
  }
  if (message.size < sizeof(nfgenmsg)) {
    ThrowMalformedNetlink(kProtocol, "truncated nfgenmsg");
  }
  ForEachNetlinkAttribute(message.payload + sizeof(nfgenmsg),
                          message.size - sizeof(nfgenmsg), kProtocol,
                          on_attribute);
}

}  // namespace

DumpProgress ParseCtnetlinkCpuStats(const std::uint8_t* data, std::size_t size,
                                    ConntrackStats& stats) {
  return ForEachNetlinkMessage(
      data, size, kProtocol, [&stats](const NetlinkMessage& message) {
        ForEachStatsAttribute(
            message, MessageType(IPCTNL_MSG_CT_GET_STATS_CPU),
            [&stats](const NetlinkAttribute& attribute) {
              const auto counter = CounterOfAttribute(attribute.type);
              if (!counter) return;
              stats[*counter] = stats[*counter].value_or(0) +
                                BigEndianU32(attribute, kProtocol);
            });
      });
}

void ParseCtnetlinkGlobalStats(const std::uint8_t* data, std::size_t size,
                               ConntrackStats& stats) {
  bool seen = false;
  ForEachNetlinkMessage(
      data, size, kProtocol, [&](const NetlinkMessage& message) {
        ForEachStatsAttribute(
            message, MessageType(IPCTNL_MSG_CT_GET_STATS),
            [&stats](const NetlinkAttribute& attribute) {
              if (attribute.type == CTA_STATS_GLOBAL_ENTRIES) {
                stats.entries = BigEndianU32(attribute, kProtocol);
              } else if (attribute.type == CTA_STATS_GLOBAL_MAX_ENTRIES) {
                stats.max_entries = BigEndianU32(attribute, kProtocol);
              }
            });
        seen = true;
      });
  if (!seen) ThrowMalformedNetlink(kProtocol, "no statistics in the answer");
}

}  // namespace portwatch
