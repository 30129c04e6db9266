#include "sources/conntrack/conntrack_source_linux.h"

#include <gtest/gtest.h>

#include <string>

#include "base/source_error.h"
#include "tests/fakes/temp_dir.h"

namespace portwatch {
namespace {

using Counters = LinuxConntrackSource::Counters;

class LinuxConntrackSourceTest : public ::testing::Test {
 protected:
  void Sysctl(const std::string& name, const std::string& value) {
    root_.Write("sys/net/netfilter/" + name, value);
  }
  LinuxConntrackSource Source() {
    return LinuxConntrackSource(root_.path(), Counters::kProcfsOnly);
  }

  fakes::TempDir root_;
};

TEST_F(LinuxConntrackSourceTest, NoTableMeansNotInUse) {
  EXPECT_FALSE(Source().Read());
}

TEST_F(LinuxConntrackSourceTest, ReadsTheFillAndSumsTheProcfsCounters) {
  Sysctl("nf_conntrack_max", "262144\n");
  Sysctl("nf_conntrack_count", "42\n");
  Sysctl("nf_conntrack_buckets", "65536\n");
  root_.Write("net/stat/nf_conntrack",
              "entries insert_failed drop\n"
              "0000002a 00000014 00000014\n"
              "0000002a 00000001 00000002\n");
  const auto reading = Source().Read();
  ASSERT_TRUE(reading);
  EXPECT_EQ(reading->stats.max_entries, 262144u);
  EXPECT_EQ(reading->stats.entries, 42u);
  EXPECT_EQ(reading->stats.buckets, 65536u);
  EXPECT_EQ(reading->stats[ConntrackCounter::kInsertFailed], 21u);
  EXPECT_EQ(reading->stats[ConntrackCounter::kDrop], 22u);
  EXPECT_EQ(reading->counters_source, "procfs");
}

TEST_F(LinuxConntrackSourceTest, WithoutTheStatsFileTheCountersAreUnknown) {
  Sysctl("nf_conntrack_max", "1024\n");
  const auto reading = Source().Read();
  ASSERT_TRUE(reading);
  EXPECT_EQ(reading->counters_source, "");
  EXPECT_NE(reading->netlink_unavailable.find("CONFIG_NF_CONNTRACK_PROCFS"),
            std::string::npos);
  EXPECT_FALSE(reading->stats[ConntrackCounter::kDrop]);
  EXPECT_FALSE(reading->stats.entries);
}

TEST_F(LinuxConntrackSourceTest, GarbageIsAnErrorNamingTheFile) {
  Sysctl("nf_conntrack_max", "lots\n");
  try {
    Source().Read();
    FAIL() << "expected SourceError";
  } catch (const SourceError& error) {
    EXPECT_NE(std::string(error.what()).find("nf_conntrack_max"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace portwatch
