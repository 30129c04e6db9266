#include "sources/connect_failures/connect_failure_source_bpf_linux.h"

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <sys/stat.h>

#include "base/capabilities_linux.h"
#include "tests/fakes/temp_dir.h"
#include "tests/fakes/without_capabilities_linux.h"

namespace portwatch {
namespace {

// The message of the SourceError `start` throws, or "" when it does not.
std::string StartError(BpfConnectFailureSource& source) {
  try {
    source.Start(ConnectFailureSettings{});
  } catch (const SourceUnavailable& error) {
    return error.what();
  }
  return "";
}

// Paths whose kernel BTF exists (this machine's), tracefs under `tracefs`.
BpfPaths PathsWithTracefs(const std::string& tracefs) {
  BpfPaths paths;
  paths.tracefs = {tracefs};
  return paths;
}

class BpfConnectFailureSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The checks after the capabilities need a privileged test (CI: root).
    if (!MissingCapabilities({CAP_BPF, CAP_PERFMON}).empty()) {
      GTEST_SKIP() << "needs CAP_BPF and CAP_PERFMON (run as root)";
    }
  }
  fakes::TempDir dir_;
};

TEST(BpfConnectFailureSourceUnprivilegedTest, NamesTheMissingCapabilities) {
  BpfConnectFailureSource source;
  std::string error;
  fakes::RunWithoutCapabilities({CAP_BPF, CAP_PERFMON},
                                [&] { error = StartError(source); });
  EXPECT_EQ(error,
            "missing CAP_BPF, CAP_PERFMON (to load and attach the eBPF "
            "program)");
}

TEST(BpfConnectFailureSourceUnprivilegedTest, DrainBeforeStartIsAnError) {
  BpfConnectFailureSource source;
  struct : ConnectFailureVisitor {
    void OnTotals(const ConnectFailureTotals&, std::uint64_t) override {}
    void OnFailures(const ConnectFailureKey&, std::uint64_t) override {}
  } visitor;
  EXPECT_THROW(source.Drain(visitor), SourceError);
}

TEST_F(BpfConnectFailureSourceTest, NamesAMissingKernelBtf) {
  BpfPaths paths;
  paths.kernel_btf = dir_.path() + "/vmlinux";
  BpfConnectFailureSource source(paths);
  EXPECT_EQ(StartError(source), "the kernel has no BTF (" + dir_.path() +
                                    "/vmlinux: CONFIG_DEBUG_INFO_BTF)");
}

TEST_F(BpfConnectFailureSourceTest, NamesAnUnmountedTracefs) {
  BpfConnectFailureSource source(PathsWithTracefs(dir_.path()));
  EXPECT_EQ(StartError(source), "tracefs is not mounted at " + dir_.path() +
                                    " (mount -t tracefs nodev " + dir_.path() +
                                    ")");
}

TEST_F(BpfConnectFailureSourceTest, NamesMissingTracepoints) {
  dir_.Write("events/sock/inet_sock_set_state/id", "1\n");
  BpfConnectFailureSource source(PathsWithTracefs(dir_.path()));
  EXPECT_EQ(StartError(source),
            "the kernel lacks the tracepoints syscalls:sys_enter_bind or "
            "sock:inet_sock_set_state (CONFIG_FTRACE_SYSCALLS)");
}

TEST_F(BpfConnectFailureSourceTest, NamesAnUnreadableTracefs) {
  dir_.Write("events/syscalls/sys_enter_bind/id", "1\n");
  dir_.Write("events/sock/inet_sock_set_state/id", "1\n");
  BpfConnectFailureSource source(PathsWithTracefs(dir_.path()));
  const std::string events = dir_.path() + "/events";
  // Mode 0000: even its owner reads it only with CAP_DAC_*.
  ASSERT_EQ(::chmod(events.c_str(), 0), 0);
  std::string error;
  fakes::RunWithoutCapabilities({CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH},
                                [&] { error = StartError(source); });
  ::chmod(events.c_str(), 0755);
  EXPECT_EQ(error, "cannot read the tracepoint ids in " + dir_.path() +
                       " (tracefs is root-only: missing CAP_DAC_READ_SEARCH)");
}

}  // namespace
}  // namespace portwatch
