#include "port_failure_source_bpf_linux.h"

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <sys/stat.h>

#include "capabilities_linux.h"
#include "fakes/temp_dir.h"
#include "fakes/without_capabilities_linux.h"

namespace portwatch {
namespace {

// The message of the SourceError `start` throws, or "" when it does not.
std::string StartError(BpfPortFailureSource& source) {
  try {
    source.Start(PortFailureSettings{});
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

class BpfPortFailureSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The checks after the capabilities need a privileged test (CI: root).
    if (!MissingCapabilities({CAP_BPF, CAP_PERFMON}).empty()) {
      GTEST_SKIP() << "needs CAP_BPF and CAP_PERFMON (run as root)";
    }
  }
  testing::TempDir dir_;
};

TEST(BpfPortFailureSourceUnprivilegedTest, NamesTheMissingCapabilities) {
  BpfPortFailureSource source;
  std::string error;
  testing::RunWithoutCapabilities({CAP_BPF, CAP_PERFMON},
                                  [&] { error = StartError(source); });
  EXPECT_EQ(error,
            "missing CAP_BPF, CAP_PERFMON (to load and attach the eBPF "
            "program)");
}

TEST(BpfPortFailureSourceUnprivilegedTest, DrainBeforeStartIsAnError) {
  BpfPortFailureSource source;
  struct : PortFailureVisitor {
    void OnTotals(const PortFailureTotals&, std::uint64_t) override {}
    void OnFailures(const PortFailureKey&, std::uint64_t) override {}
  } visitor;
  EXPECT_THROW(source.Drain(visitor), SourceError);
}

TEST_F(BpfPortFailureSourceTest, NamesAMissingKernelBtf) {
  BpfPaths paths;
  paths.kernel_btf = dir_.path() + "/vmlinux";
  BpfPortFailureSource source(paths);
  EXPECT_EQ(StartError(source), "the kernel has no BTF (" + dir_.path() +
                                    "/vmlinux: CONFIG_DEBUG_INFO_BTF)");
}

TEST_F(BpfPortFailureSourceTest, NamesAnUnmountedTracefs) {
  BpfPortFailureSource source(PathsWithTracefs(dir_.path()));
  EXPECT_EQ(StartError(source), "tracefs is not mounted at " + dir_.path() +
                                    " (mount -t tracefs nodev " + dir_.path() +
                                    ")");
}

TEST_F(BpfPortFailureSourceTest, NamesMissingTracepoints) {
  dir_.Write("events/sock/inet_sock_set_state/id", "1\n");
  BpfPortFailureSource source(PathsWithTracefs(dir_.path()));
  EXPECT_EQ(StartError(source),
            "the kernel lacks the tracepoints syscalls:sys_enter_bind or "
            "sock:inet_sock_set_state (CONFIG_FTRACE_SYSCALLS)");
}

TEST_F(BpfPortFailureSourceTest, NamesAnUnreadableTracefs) {
  dir_.Write("events/syscalls/sys_enter_bind/id", "1\n");
  dir_.Write("events/sock/inet_sock_set_state/id", "1\n");
  BpfPortFailureSource source(PathsWithTracefs(dir_.path()));
  const std::string events = dir_.path() + "/events";
  // Mode 0000: even its owner reads it only with CAP_DAC_*.
  ASSERT_EQ(::chmod(events.c_str(), 0), 0);
  std::string error;
  testing::RunWithoutCapabilities({CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH},
                                  [&] { error = StartError(source); });
  ::chmod(events.c_str(), 0755);
  EXPECT_EQ(error, "cannot read the tracepoint ids in " + dir_.path() +
                       " (tracefs is root-only: missing CAP_DAC_READ_SEARCH)");
}

}  // namespace
}  // namespace portwatch
