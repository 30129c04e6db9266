// ProcfsPortRangeSource against a fake procfs root: ip_local_port_range and
// ip_local_reserved_ports.
#include "sources/port_range/port_range_source_linux.h"

#include <gtest/gtest.h>

#include "base/source_error.h"
#include "tests/fakes/temp_dir.h"

namespace portwatch {
namespace {

TEST(ProcfsPortRangeSourceTest, ReadsRangeAndReservedPorts) {
  fakes::TempDir proc;
  proc.Write("sys/net/ipv4/ip_local_port_range", "40000\t40999\n");
  proc.Write("sys/net/ipv4/ip_local_reserved_ports", "40010-40019,50000\n");
  ProcfsPortRangeSource source(proc.path());
  for (AddressFamily family : {AddressFamily::kIpv4, AddressFamily::kIpv6}) {
    EphemeralPortRange range = source.Read(family);
    EXPECT_EQ(range.first(), 40000);
    EXPECT_EQ(range.reserved_count(), 10u);
    EXPECT_EQ(range.usable_count(), 990u);
  }
}

TEST(ProcfsPortRangeSourceTest, IPv4AndIPv6ShareOnePortSpace) {
  ProcfsPortRangeSource source("/proc");
  EXPECT_TRUE(source.SharesOnePortSpace());
}

TEST(ProcfsPortRangeSourceTest, ErrorsNameTheFile) {
  fakes::TempDir proc;
  ProcfsPortRangeSource source(proc.path());
  try {
    source.Read(AddressFamily::kIpv4);
    FAIL();
  } catch (const SourceError& error) {
    EXPECT_NE(std::string(error.what()).find("ip_local_port_range"),
              std::string::npos);
  }
  proc.Write("sys/net/ipv4/ip_local_port_range", "40000\t40999\n");
  proc.Write("sys/net/ipv4/ip_local_reserved_ports", "40010-\n");
  try {
    source.Read(AddressFamily::kIpv4);
    FAIL();
  } catch (const SourceError& error) {
    EXPECT_NE(std::string(error.what()).find("ip_local_reserved_ports: "),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace portwatch
