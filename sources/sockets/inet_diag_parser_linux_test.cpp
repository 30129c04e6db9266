#include "sources/sockets/inet_diag_parser_linux.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

#include "tests/fakes/fake_sources.h"

namespace portwatch {
namespace {

using fakes::ParseIp;
using fakes::RowCollector;

void AppendMessage(std::vector<std::uint8_t>& buffer, std::uint16_t type,
                   const void* payload, std::size_t payload_size,
                   std::uint32_t claimed_length = 0) {
  nlmsghdr header{};
  header.nlmsg_len =
      claimed_length != 0
          ? claimed_length
          : static_cast<std::uint32_t>(NLMSG_LENGTH(payload_size));
  header.nlmsg_type = type;
  const std::size_t start = buffer.size();
  buffer.resize(start + NLMSG_SPACE(payload_size));
  std::memcpy(buffer.data() + start, &header, sizeof header);
  std::memcpy(buffer.data() + start + NLMSG_HDRLEN, payload, payload_size);
}

inet_diag_msg Socket(std::uint8_t family, std::uint8_t state, const char* local,
                     std::uint16_t sport, const char* remote,
                     std::uint16_t dport) {
  inet_diag_msg message{};
  message.idiag_family = family;
  message.idiag_state = state;
  message.id.idiag_sport = htons(sport);
  message.id.idiag_dport = htons(dport);
  inet_pton(family, local, message.id.idiag_src);
  inet_pton(family, remote, message.id.idiag_dst);
  return message;
}

DumpProgress Parse(const std::vector<std::uint8_t>& buffer,
                   RowCollector& rows) {
  SocketRow scratch;
  return ParseInetDiagBatch(buffer.data(), buffer.size(), rows, scratch);
}

TEST(InetDiagParserTest, VisitsEverySocketUntilDone) {
  std::vector<std::uint8_t> buffer;
  inet_diag_msg v4 = Socket(AF_INET, 6, "127.0.0.1", 40001, "127.0.0.2", 7001);
  inet_diag_msg v6 = Socket(AF_INET6, 13, "::1", 40002, "::", 0);
  inet_diag_msg bound = Socket(AF_INET, 7, "0.0.0.0", 40003, "0.0.0.0", 0);
  bound.idiag_inode = 123456;
  AppendMessage(buffer, SOCK_DIAG_BY_FAMILY, &v4, sizeof v4);
  // Extra attribute bytes after the message are skipped.
  std::uint8_t padded[sizeof v6 + 8] = {};
  std::memcpy(padded, &v6, sizeof v6);
  AppendMessage(buffer, SOCK_DIAG_BY_FAMILY, padded, sizeof padded);
  RowCollector rows;
  EXPECT_EQ(Parse(buffer, rows), DumpProgress::kMore);
  AppendMessage(buffer, SOCK_DIAG_BY_FAMILY, &bound, sizeof bound);
  int done = 0;
  AppendMessage(buffer, NLMSG_DONE, &done, sizeof done);
  rows.rows.clear();
  EXPECT_EQ(Parse(buffer, rows), DumpProgress::kDone);
  ASSERT_EQ(rows.rows.size(), 3u);
  EXPECT_EQ(rows.rows[0].family, AddressFamily::kIpv4);
  EXPECT_EQ(rows.rows[0].state, TcpState::kTimeWait);
  EXPECT_EQ(rows.rows[0].local_port, 40001);
  EXPECT_EQ(rows.rows[0].remote_address,
            ParseIp(AddressFamily::kIpv4, "127.0.0.2"));
  EXPECT_EQ(rows.rows[0].remote_port, 7001);
  EXPECT_EQ(rows.rows[0].inode, 0u);
  EXPECT_EQ(rows.rows[2].inode, 123456u);
  EXPECT_EQ(rows.rows[1].family, AddressFamily::kIpv6);
  EXPECT_EQ(rows.rows[1].state, TcpState::kBoundInactive);
  EXPECT_EQ(rows.rows[1].local_address, ParseIp(AddressFamily::kIpv6, "::1"));
  // TCP_CLOSE comes only from the kernel's bound-socket walk.
  EXPECT_EQ(rows.rows[2].state, TcpState::kBoundInactive);
}

TEST(InetDiagParserTest, KernelErrorCarriesErrno) {
  std::vector<std::uint8_t> buffer;
  nlmsgerr error{};
  error.error = -ENOENT;
  AppendMessage(buffer, NLMSG_ERROR, &error, sizeof error);
  RowCollector rows;
  try {
    Parse(buffer, rows);
    FAIL() << "expected NetlinkKernelError";
  } catch (const NetlinkKernelError& e) {
    EXPECT_EQ(e.error(), ENOENT);
  }
}

TEST(InetDiagParserTest, DumpEndingInAnErrorIsAnError) {
  for (int payload : {-ENOENT, INT_MIN, 0}) {
    std::vector<std::uint8_t> buffer;
    AppendMessage(buffer, NLMSG_DONE, &payload, sizeof payload);
    RowCollector rows;
    if (payload == 0) {
      EXPECT_EQ(Parse(buffer, rows), DumpProgress::kDone);
      continue;
    }
    try {
      Parse(buffer, rows);
      ADD_FAILURE() << "NLMSG_DONE with " << payload << " accepted";
    } catch (const NetlinkKernelError& e) {
      EXPECT_EQ(e.error(), payload == -ENOENT ? ENOENT : EPROTO);
    }
  }
}

TEST(InetDiagParserTest, RejectsMalformedBatches) {
  inet_diag_msg v4 = Socket(AF_INET, 1, "127.0.0.1", 1, "127.0.0.1", 2);
  RowCollector rows;
  {
    std::vector<std::uint8_t> buffer(10, 0);  // shorter than a header
    EXPECT_THROW(Parse(buffer, rows), SourceError);
  }
  {
    std::vector<std::uint8_t> buffer;
    AppendMessage(buffer, SOCK_DIAG_BY_FAMILY, &v4, sizeof v4, 4096);
    EXPECT_THROW(Parse(buffer, rows), SourceError);  // length beyond data
  }
  {
    std::vector<std::uint8_t> buffer;
    AppendMessage(buffer, SOCK_DIAG_BY_FAMILY, &v4, sizeof v4, 8);
    EXPECT_THROW(Parse(buffer, rows), SourceError);  // length < header
  }
  {
    std::vector<std::uint8_t> buffer;
    AppendMessage(buffer, SOCK_DIAG_BY_FAMILY, &v4, 20);
    EXPECT_THROW(Parse(buffer, rows), SourceError);  // truncated message
  }
  {
    std::vector<std::uint8_t> buffer;
    AppendMessage(buffer, 99, &v4, sizeof v4);
    EXPECT_THROW(Parse(buffer, rows), SourceError);  // unexpected type
  }
  for (int state : {0, 14, 200}) {
    std::vector<std::uint8_t> buffer;
    inet_diag_msg bad = v4;
    bad.idiag_state = static_cast<std::uint8_t>(state);
    AppendMessage(buffer, SOCK_DIAG_BY_FAMILY, &bad, sizeof bad);
    EXPECT_THROW(Parse(buffer, rows), SourceError);
  }
  {
    std::vector<std::uint8_t> buffer;
    inet_diag_msg bad = v4;
    bad.idiag_family = AF_UNIX;
    AppendMessage(buffer, SOCK_DIAG_BY_FAMILY, &bad, sizeof bad);
    EXPECT_THROW(Parse(buffer, rows), SourceError);
  }
  {
    std::vector<std::uint8_t> buffer;
    std::uint8_t short_error[4] = {};
    AppendMessage(buffer, NLMSG_ERROR, short_error, sizeof short_error);
    EXPECT_THROW(Parse(buffer, rows), SourceError);
  }
}

}  // namespace
}  // namespace portwatch
