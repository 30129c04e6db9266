#include "sources/netns/netns_source_linux.h"

#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <stdexcept>

#include "base/directory_linux.h"

namespace portwatch {
namespace {

int ThreadCount() {
  int threads = 0;
  ForEachEntry("/proc/self/task", [&threads](std::string_view) { ++threads; });
  return threads;
}

TEST(NamespaceWorkerTest, NoThreadUntilTheFirstJob) {
  const int before = ThreadCount();
  NamespaceWorker worker;
  EXPECT_EQ(ThreadCount(), before);
  long ran_on = 0;
  worker.Run([&ran_on] { ran_on = ::syscall(SYS_gettid); });
  EXPECT_NE(ran_on, 0);
  EXPECT_NE(ran_on, ::syscall(SYS_gettid));
  EXPECT_EQ(ThreadCount(), before + 1);
  // The same thread for every job.
  long again = 0;
  worker.Run([&again] { again = ::syscall(SYS_gettid); });
  EXPECT_EQ(again, ran_on);
  EXPECT_EQ(ThreadCount(), before + 1);
}

TEST(NamespaceWorkerTest, RethrowsWhatTheJobThrew) {
  NamespaceWorker worker;
  EXPECT_THROW(worker.Run([] { throw std::runtime_error("job failed"); }),
               std::runtime_error);
  bool ran = false;
  worker.Run([&ran] { ran = true; });  // and carries on
  EXPECT_TRUE(ran);
}

TEST(NamespaceWorkerTest, DestroyedWithoutAJob) {
  const int before = ThreadCount();
  { NamespaceWorker worker; }
  EXPECT_EQ(ThreadCount(), before);
}

}  // namespace
}  // namespace portwatch
