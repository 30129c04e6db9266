#include "base/capabilities_linux.h"

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <unistd.h>

#include <string>

#include "tests/fakes/without_capabilities_linux.h"

namespace portwatch {
namespace {

TEST(MissingCapabilitiesTest, NamesWhatTheEffectiveSetLacks) {
  const std::string here = MissingCapabilities({CAP_SYS_ADMIN});
  if (::geteuid() == 0) {
    EXPECT_EQ(here, "");
    std::string missing;
    fakes::RunWithoutCapabilities({CAP_SYS_PTRACE}, [&missing] {
      missing = MissingCapabilities({CAP_SYS_ADMIN, CAP_SYS_PTRACE});
    });
    EXPECT_EQ(missing, "CAP_SYS_PTRACE");
  } else {
    EXPECT_EQ(here, "CAP_SYS_ADMIN");
  }
  EXPECT_EQ(MissingCapabilities({}), "");
}

}  // namespace
}  // namespace portwatch
