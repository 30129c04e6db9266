#include "sources/conntrack/ctnetlink_stats_parser_linux.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netlink.h>

#include <cstring>
#include <utility>
#include <vector>

#include "base/source_error.h"

namespace portwatch {
namespace {

/// Builds netlink datagrams as the kernel sends them.
class Datagram {
 public:
  /// Starts a message of ctnetlink `message` type.
  Datagram& Message(int message) {
    Finish();
    start_ = bytes_.size();
    nlmsghdr header{};
    header.nlmsg_type =
        static_cast<std::uint16_t>((NFNL_SUBSYS_CTNETLINK << 8) | message);
    Append(&header, sizeof header);
    nfgenmsg generic{};
    generic.nfgen_family = AF_UNSPEC;
    Append(&generic, sizeof generic);
    return *this;
  }
  Datagram& U32(std::uint16_t type, std::uint32_t value) {
    nlattr header{};
    header.nla_len = NLA_HDRLEN + 4;
    header.nla_type = type;
    Append(&header, sizeof header);
    const std::uint32_t big_endian = htonl(value);
    Append(&big_endian, sizeof big_endian);
    return *this;
  }
  Datagram& Done() {
    Finish();
    nlmsghdr header{};
    header.nlmsg_len = NLMSG_HDRLEN + sizeof(int);
    header.nlmsg_type = NLMSG_DONE;
    Append(&header, sizeof header);
    const int zero = 0;
    Append(&zero, sizeof zero);
    start_ = bytes_.size();
    return *this;
  }
  std::vector<std::uint8_t> Bytes() {
    Finish();
    return bytes_;
  }

 private:
  void Append(const void* data, std::size_t size) {
    const auto* begin = static_cast<const std::uint8_t*>(data);
    bytes_.insert(bytes_.end(), begin, begin + size);
  }
  void Finish() {
    if (start_ >= bytes_.size()) return;
    const auto length = static_cast<std::uint32_t>(bytes_.size() - start_);
    std::memcpy(bytes_.data() + start_, &length, sizeof length);
    start_ = bytes_.size();
  }

  std::vector<std::uint8_t> bytes_;
  std::size_t start_ = 0;
};

TEST(CtnetlinkStatsParserTest, SumsEveryCpusCountersUntilDone) {
  auto bytes = Datagram()
                   .Message(IPCTNL_MSG_CT_GET_STATS_CPU)
                   .U32(CTA_STATS_FOUND, 1)
                   .U32(CTA_STATS_INSERT_FAILED, 20)
                   .U32(CTA_STATS_DROP, 20)
                   .U32(CTA_STATS_SEARCHED, 99)  // no longer used: skipped
                   .Message(IPCTNL_MSG_CT_GET_STATS_CPU)
                   .U32(CTA_STATS_FOUND, 2)
                   .U32(CTA_STATS_INSERT_FAILED, 0xffffffffu)
                   .U32(CTA_STATS_DROP, 1)
                   .Done()
                   .Bytes();
  ConntrackStats stats;
  EXPECT_EQ(ParseCtnetlinkCpuStats(bytes.data(), bytes.size(), stats),
            DumpProgress::kDone);
  EXPECT_EQ(stats[ConntrackCounter::kFound], 3u);
  EXPECT_EQ(stats[ConntrackCounter::kInsertFailed], 20u + 0xffffffffull);
  EXPECT_EQ(stats[ConntrackCounter::kDrop], 21u);
  EXPECT_FALSE(stats[ConntrackCounter::kClashResolve]);  // not sent
}

TEST(CtnetlinkStatsParserTest, ADatagramWithoutDoneAsksForMore) {
  auto bytes = Datagram()
                   .Message(IPCTNL_MSG_CT_GET_STATS_CPU)
                   .U32(CTA_STATS_EARLY_DROP, 4)
                   .Bytes();
  ConntrackStats stats;
  EXPECT_EQ(ParseCtnetlinkCpuStats(bytes.data(), bytes.size(), stats),
            DumpProgress::kMore);
  EXPECT_EQ(stats[ConntrackCounter::kEarlyDrop], 4u);
}

TEST(CtnetlinkStatsParserTest, GlobalStatsGiveEntriesAndTheirLimit) {
  auto bytes = Datagram()
                   .Message(IPCTNL_MSG_CT_GET_STATS)
                   .U32(CTA_STATS_GLOBAL_ENTRIES, 42)
                   .U32(CTA_STATS_GLOBAL_MAX_ENTRIES, 262144)
                   .Bytes();
  ConntrackStats stats;
  ParseCtnetlinkGlobalStats(bytes.data(), bytes.size(), stats);
  EXPECT_EQ(stats.entries, 42u);
  EXPECT_EQ(stats.max_entries, 262144u);
}

std::string CpuStatsError(std::vector<std::uint8_t> bytes) {
  ConntrackStats stats;
  try {
    ParseCtnetlinkCpuStats(bytes.data(), bytes.size(), stats);
  } catch (const SourceError& error) {
    return error.what();
  }
  return "";
}

TEST(CtnetlinkStatsParserTest, MalformedAnswersAreErrors) {
  auto good = Datagram()
                  .Message(IPCTNL_MSG_CT_GET_STATS_CPU)
                  .U32(CTA_STATS_DROP, 1)
                  .Bytes();
  // Cut inside the attribute: the message length no longer fits.
  EXPECT_NE(CpuStatsError({good.begin(), good.end() - 2}), "");
  // An attribute longer than its message.
  auto long_attribute = good;
  long_attribute[NLMSG_HDRLEN + sizeof(nfgenmsg)] = 200;
  EXPECT_EQ(CpuStatsError(long_attribute),
            "ctnetlink: netlink attribute length 200 does not fit its message");
  // A counter that is not 4 bytes.
  auto short_value = Datagram()
                         .Message(IPCTNL_MSG_CT_GET_STATS_CPU)
                         .U32(CTA_STATS_DROP, 1)
                         .Bytes();
  short_value[NLMSG_HDRLEN + sizeof(nfgenmsg)] = NLA_HDRLEN + 2;
  EXPECT_NE(CpuStatsError(short_value), "");
  // Another message type.
  auto other =
      Datagram().Message(IPCTNL_MSG_CT_GET).U32(CTA_STATS_DROP, 1).Bytes();
  EXPECT_EQ(CpuStatsError(other),
            "ctnetlink: unexpected netlink message type 257");
}

TEST(CtnetlinkStatsParserTest, TheKernelsErrorIsReported) {
  std::vector<std::uint8_t> bytes(NLMSG_HDRLEN + sizeof(nlmsgerr));
  nlmsghdr header{};
  header.nlmsg_len = static_cast<std::uint32_t>(bytes.size());
  header.nlmsg_type = NLMSG_ERROR;
  std::memcpy(bytes.data(), &header, sizeof header);
  nlmsgerr error{};
  error.error = -EPERM;
  std::memcpy(bytes.data() + NLMSG_HDRLEN, &error, sizeof error);
  ConntrackStats stats;
  try {
    ParseCtnetlinkCpuStats(bytes.data(), bytes.size(), stats);
    FAIL() << "expected NetlinkKernelError";
  } catch (const NetlinkKernelError& kernel_error) {
    EXPECT_EQ(kernel_error.error(), EPERM);
  }
}

}  // namespace
}  // namespace portwatch
