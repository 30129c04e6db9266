#include "sources/process/process_source_linux.h"

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <string>

#include "base/source_error.h"
#include "tests/fakes/temp_dir.h"
#include "tests/fakes/without_capabilities_linux.h"

namespace portwatch {
namespace {

/// Keeps what it visits.
class Recorder : public ProcessSocketVisitor {
 public:
  void OnProcess(std::uint32_t pid,
                 const std::vector<std::uint32_t>& inodes) override {
    seen[pid] = inodes;
  }
  std::map<std::uint32_t, std::vector<std::uint32_t>> seen;
};

/// A fake procfs whose fd links point where /proc's would (dangling
/// symlinks, readable with readlink).
class FakeProcfs {
 public:
  std::string root() const { return dir_.path(); }
  void Fd(const std::string& pid, const std::string& fd,
          const std::string& target) {
    ::mkdir((root() + "/" + pid).c_str(), 0755);
    ::mkdir((root() + "/" + pid + "/fd").c_str(), 0755);
    ASSERT_EQ(
        ::symlink(target.c_str(), (root() + "/" + pid + "/fd/" + fd).c_str()),
        0);
  }
  void Write(const std::string& relative, const std::string& content) {
    dir_.Write(relative, content);
  }

 private:
  fakes::TempDir dir_;
};

TEST(ParseSocketLinkTest, ReadsSocketInodesOnly) {
  EXPECT_EQ(ParseSocketLink("socket:[12345]"), 12345u);
  EXPECT_EQ(ParseSocketLink("socket:[]"), 0u);
  EXPECT_EQ(ParseSocketLink("socket:[12"), 0u);
  EXPECT_EQ(ParseSocketLink("pipe:[12345]"), 0u);
  EXPECT_EQ(ParseSocketLink("/var/log/syslog"), 0u);
  EXPECT_EQ(ParseSocketLink("socket:[99999999999]"), 0u);
  EXPECT_EQ(ParseSocketLink("socket:[1x]"), 0u);
}

TEST(ProcfsProcessSocketsTest, VisitsProcessesHoldingSockets) {
  FakeProcfs proc;
  proc.Fd("10", "0", "/dev/null");
  proc.Fd("10", "3", "socket:[500]");
  proc.Fd("10", "4", "socket:[501]");
  proc.Fd("10", "5", "pipe:[502]");
  proc.Fd("11", "0", "/dev/null");     // no sockets: not visited
  proc.Fd("12", "7", "socket:[500]");  // shared after fork
  proc.Write("self/fd/3", "");         // not a pid
  proc.Write("13/status", "");         // exited: no fd directory
  ProcfsProcessSockets source(proc.root(), false);
  Recorder recorder;
  const ProcessScan scan = source.ForEachProcess(recorder);
  EXPECT_EQ(scan.processes, 3u);
  EXPECT_EQ(scan.denied, 0u);
  ASSERT_EQ(recorder.seen.size(), 2u);
  std::vector<std::uint32_t> ten = recorder.seen[10];
  std::sort(ten.begin(), ten.end());
  EXPECT_EQ(ten, (std::vector<std::uint32_t>{500, 501}));
  EXPECT_EQ(recorder.seen[12], (std::vector<std::uint32_t>{500}));
}

TEST(ProcfsProcessSocketsTest, UnreadableProcessesAreCountedAsDenied) {
  FakeProcfs proc;
  proc.Fd("20", "3", "socket:[600]");
  ::chmod((proc.root() + "/20/fd").c_str(), 0);
  ProcfsProcessSockets source(proc.root(), false);
  Recorder recorder;
  ProcessScan scan;
  // As root: without the capabilities that bypass file permissions.
  fakes::RunWithoutCapabilities({CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH}, [&] {
    scan = source.ForEachProcess(recorder);
  });
  ::chmod((proc.root() + "/20/fd").c_str(), 0755);
  EXPECT_EQ(scan.denied, 1u);
  EXPECT_TRUE(recorder.seen.empty());
}

TEST(ProcfsProcessSocketsTest, WithoutPrivilegesItSaysWhatIsMissing) {
  ProcfsProcessSockets source("/proc", true);
  Recorder recorder;
  fakes::RunWithoutCapabilities({CAP_SYS_PTRACE}, [&] {
    try {
      source.ForEachProcess(recorder);
      FAIL() << "read other processes without CAP_SYS_PTRACE";
    } catch (const SourceError& error) {
      EXPECT_NE(std::string(error.what()).find("missing CAP_SYS_PTRACE"),
                std::string::npos)
          << error.what();
    }
  });
}

TEST(ProcfsProcessSocketsTest, AMissingProcfsIsAnError) {
  ProcfsProcessSockets source("/nonexistent/proc", false);
  Recorder recorder;
  EXPECT_THROW(source.ForEachProcess(recorder), SourceError);
}

TEST(ProcfsProcessNamesTest, NamesAndNamespacesOfLiveAndExitedProcesses) {
  FakeProcfs proc;
  proc.Write("30/comm", "nginx\n");
  ::mkdir((proc.root() + "/30/ns").c_str(), 0755);
  ASSERT_EQ(::symlink("net:[4026532999]", (proc.root() + "/30/ns/net").c_str()),
            0);
  ProcfsProcessNames names(proc.root());
  const auto identities = names.Describe({30, 31});
  ASSERT_EQ(identities.size(), 2u);
  EXPECT_EQ(identities[0].pid, 30u);
  EXPECT_EQ(identities[0].name, "nginx");
  EXPECT_EQ(identities[0].netns, 4026532999u);
  EXPECT_EQ(identities[1].pid, 31u);
  EXPECT_EQ(identities[1].name, "");
  EXPECT_EQ(identities[1].netns, 0u);
}

TEST(ProcfsProcessNamesTest, NamesAreMadeUtf8) {
  FakeProcfs proc;
  proc.Write("40/comm", "ev\xff\"l\\\n");  // prctl(PR_SET_NAME) allows it
  ProcfsProcessNames names(proc.root());
  const auto identities = names.Describe({40});
  ASSERT_EQ(identities.size(), 1u);
  EXPECT_EQ(identities[0].name, "ev\xEF\xBF\xBD\"l\\");
}

TEST(ProcfsProcessSocketsLiveTest, FindsASocketThisProcessHolds) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  struct stat info;
  ASSERT_EQ(::fstat(fd, &info), 0);
  ProcfsProcessSockets source("/proc", false);
  Recorder recorder;
  source.ForEachProcess(recorder);
  ::close(fd);
  const auto& mine = recorder.seen[static_cast<std::uint32_t>(::getpid())];
  EXPECT_NE(std::find(mine.begin(), mine.end(), info.st_ino), mine.end());
}

}  // namespace
}  // namespace portwatch
