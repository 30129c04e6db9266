#include "sources/sockets/proc_net_tcp_parser.h"

#include <gtest/gtest.h>

#include "tests/fakes/fake_sources.h"

namespace portwatch {
namespace {

using fakes::ParseIp;

constexpr const char* kHeader =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
    "retrnsmt   uid  timeout inode";

TEST(ProcNetTcpParserTest, RecognisesHeader) {
  EXPECT_TRUE(IsProcNetTcpHeader(kHeader));
  EXPECT_FALSE(IsProcNetTcpHeader("   0: 0100007F:1F90 00000000:0000 0A"));
  EXPECT_FALSE(IsProcNetTcpHeader(""));
}

TEST(ProcNetTcpParserTest, ParsesIpv4Line) {
  SocketRow row;
  ParseProcNetTcpLine(
      "   3: 0100007F:9C41 0200007F:1B59 06 00000000:00000000 03:00000A3C "
      "00000000     0        0 0 3 0000000000000000",
      AddressFamily::kIpv4, row);
  EXPECT_EQ(row.family, AddressFamily::kIpv4);
  EXPECT_EQ(row.state, TcpState::kTimeWait);
  EXPECT_EQ(row.local_address, ParseIp(AddressFamily::kIpv4, "127.0.0.1"));
  EXPECT_EQ(row.local_port, 0x9C41);
  EXPECT_EQ(row.remote_address, ParseIp(AddressFamily::kIpv4, "127.0.0.2"));
  EXPECT_EQ(row.remote_port, 7001);
  EXPECT_EQ(row.inode, 0u);  // TIME_WAIT: no file
}

TEST(ProcNetTcpParserTest, ParsesIpv6Line) {
  SocketRow row;
  ParseProcNetTcpLine(
      "  12: 00000000000000000000000001000000:9C42 "
      "0000000000000000FFFF00000100007F:1B5B 01 00000000:00000000 "
      "00:00000000 00000000     0        0 12345 1 0000000000000000 20 4 30 "
      "10 -1",
      AddressFamily::kIpv6, row);
  EXPECT_EQ(row.state, TcpState::kEstablished);
  EXPECT_EQ(row.local_address, ParseIp(AddressFamily::kIpv6, "::1"));
  EXPECT_EQ(row.remote_address,
            ParseIp(AddressFamily::kIpv6, "::ffff:127.0.0.1"));
  EXPECT_EQ(row.remote_port, 7003);
  EXPECT_EQ(row.inode, 12345u);
}

TEST(ProcNetTcpParserTest, AcceptsLowerCaseHexAndMinimalLine) {
  SocketRow row;
  ParseProcNetTcpLine("0: 0100007f:1f90 00000000:0000 0a", AddressFamily::kIpv4,
                      row);
  EXPECT_EQ(row.state, TcpState::kListen);
  EXPECT_EQ(row.local_port, 8080);
  EXPECT_EQ(row.inode, 0u);
}

TEST(ProcNetTcpParserTest, RejectsAMalformedInode) {
  SocketRow row;
  for (const char* inode : {"12x", "-1", "99999999999"}) {
    EXPECT_THROW(
        ParseProcNetTcpLine(std::string("0: 0100007F:1F90 00000000:0000 0A "
                                        "00000000:00000000 00:00000000 "
                                        "00000000 0 0 ") +
                                inode + " 1",
                            AddressFamily::kIpv4, row),
        SourceError)
        << inode;
  }
}

TEST(ProcNetTcpParserTest, RejectsMalformedLines) {
  const char* bad_lines[] = {
      "",
      "   ",
      "   0 0100007F:1F90 00000000:0000 0A",    // no colon after slot
      "   0: 0100007F:1F90 00000000:0000",      // no state
      "   0: 0100007F:1F90 00000000:0000 0",    // short state
      "   0: 0100007F:1F90 00000000:0000 0AB",  // long state
      "   0: 0100007G:1F90 00000000:0000 0A",   // bad hex
      "   0: 0100007F:1F9 00000000:0000 0A",    // short port
      "   0: 0100007F1F90 00000000:0000 0A",    // missing colon
      "   0: 100007F:1F90 00000000:0000 0A",    // short address
      "   0: 0100007F:1F90 00000000:0000 00",   // state 0
      "   0: 0100007F:1F90 00000000:0000 FF",   // unknown state
      "   0: 0100007F:1F90 00000000:0000 0E",   // state 14
      "   0: 0100007F:1F90 0000000000000000000000000000000:0000 0A",
  };
  for (const char* line : bad_lines) {
    SocketRow row;
    EXPECT_THROW(ParseProcNetTcpLine(line, AddressFamily::kIpv4, row),
                 SourceError)
        << "line: " << line;
  }
  SocketRow row;
  // An IPv4-width address in tcp6 is truncated input.
  EXPECT_THROW(ParseProcNetTcpLine("0: 0100007F:1F90 00000000:0000 0A",
                                   AddressFamily::kIpv6, row),
               SourceError);
}

TEST(ProcNetTcpParserTest, ErrorsGiveColumnsNotContent) {
  SocketRow row;
  try {
    ParseProcNetTcpLine("   9: hunter2 s3cr3t", AddressFamily::kIpv4, row);
    FAIL() << "parsed";
  } catch (const SourceError& error) {
    EXPECT_STREQ(error.what(), "malformed local address at column 7");
  }
}

}  // namespace
}  // namespace portwatch
