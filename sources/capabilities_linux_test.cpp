#include "capabilities_linux.h"

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace portwatch {
namespace {

// Capabilities are per thread: drops CAP_SYS_PTRACE from the effective set
// of a thread of its own and reports what MissingCapabilities says there.
std::string MissingAfterDroppingPtrace() {
  std::string missing;
  std::thread worker([&missing] {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
    ASSERT_EQ(::syscall(SYS_capget, &header, data), 0);
    data[CAP_SYS_PTRACE / 32].effective &= ~(1u << (CAP_SYS_PTRACE % 32));
    ASSERT_EQ(::syscall(SYS_capset, &header, data), 0);
    missing = MissingCapabilities({CAP_SYS_ADMIN, CAP_SYS_PTRACE});
  });
  worker.join();
  return missing;
}

TEST(MissingCapabilitiesTest, NamesWhatTheEffectiveSetLacks) {
  const std::string here = MissingCapabilities({CAP_SYS_ADMIN});
  if (::geteuid() == 0) {
    EXPECT_EQ(here, "");
    const std::string missing = MissingAfterDroppingPtrace();
    EXPECT_EQ(missing, "CAP_SYS_PTRACE");
  } else {
    EXPECT_EQ(here, "CAP_SYS_ADMIN");
  }
  EXPECT_EQ(MissingCapabilities({}), "");
}

}  // namespace
}  // namespace portwatch
