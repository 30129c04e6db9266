#include "sources/process/self_process_linux.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include "base/source_error.h"
#include "base/unique_fd_linux.h"
#include "sources/process/self_process.h"

namespace portwatch {
namespace {

TEST(ProcPidStatTest, FieldsAfterACommandNameWithSpacesAndParentheses) {
  // proc(5) fields 1-24 of a process named "a) (b c)".
  const ProcPidStat stat = ParseProcPidStat(
      "4242 (a) (b c)) S 1 4242 4242 0 -1 4194560 100 0 0 0 "
      "350 125 0 0 20 0 3 0 98765 123456789 2048 18446744073709551615 "
      "1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");
  EXPECT_EQ(stat.user_ticks, 350u);
  EXPECT_EQ(stat.system_ticks, 125u);
  EXPECT_EQ(stat.start_ticks, 98765u);
  EXPECT_EQ(stat.virtual_bytes, 123456789u);
  EXPECT_EQ(stat.resident_pages, 2048u);
}

TEST(ProcPidStatTest, MalformedLinesAreErrors) {
  EXPECT_THROW(ParseProcPidStat(""), SourceError);
  EXPECT_THROW(ParseProcPidStat("1 no name S 1 2 3"), SourceError);
  EXPECT_THROW(ParseProcPidStat("1 (x) S 1 1 1 0 -1 0 0 0 0 0 ten 1"),
               SourceError);
  EXPECT_THROW(ParseProcPidStat("1 (x) S 1 1 1 0 -1 0 0 0 0 0 1 1"),
               SourceError);  // ends before field 22
}

TEST(ProcPidStatTest, BootTime) {
  EXPECT_EQ(ParseBootTime("cpu  1 2 3\nintr 5\nbtime 1700000000\n"),
            1700000000u);
  EXPECT_EQ(ParseBootTime("btime 7\n"), 7u);
  EXPECT_THROW(ParseBootTime("cpu 1\n"), SourceError);
  EXPECT_THROW(ParseBootTime("cpu 1\nbtime x\n"), SourceError);
  EXPECT_THROW(ParseBootTime("cpu 1\nxbtime 5\n"), SourceError);
}

TEST(SelfProcessLinuxTest, CountsDescriptorsUpToTheSoftLimit) {
  const SelfProcessStats before = ReadSelfProcessStats();
  ASSERT_TRUE(before.virtual_memory_bytes && before.open_fds);
  EXPECT_GE(*before.virtual_memory_bytes, before.resident_memory_bytes);
  rlimit limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  EXPECT_EQ(before.max_fds, static_cast<double>(limit.rlim_cur));
  // One descriptor more is counted, and only it.
  UniqueFd extra(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(extra.valid());
  EXPECT_EQ(ReadSelfProcessStats().open_fds, *before.open_fds + 1);
  extra.Reset();
  EXPECT_EQ(ReadSelfProcessStats().open_fds, *before.open_fds);
}

}  // namespace
}  // namespace portwatch
