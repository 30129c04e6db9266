// RunCommand, which reads netsh's output, against cmd.exe (runs under wine),
// and WindowsPortRangeSource's per-family port spaces.
#include "run_command_windows.h"

#include <gtest/gtest.h>

#include "port_range_source_windows.h"
#include "source_error.h"

namespace portwatch {
namespace {

TEST(RunCommandTest, ReturnsTheOutput) {
  EXPECT_NE(
      RunCommand("cmd.exe /c echo portwatch-output").find("portwatch-output"),
      std::string::npos);
}

TEST(WindowsPortRangeSourceTest, EachFamilyHasItsOwnPortSpace) {
  WindowsPortRangeSource source(false);
  EXPECT_FALSE(source.SharesOnePortSpace());
}

TEST(RunCommandTest, NonZeroExitAndMissingProgramsAreErrors) {
  EXPECT_THROW(RunCommand("cmd.exe /c exit 3"), SourceError);
  EXPECT_THROW(RunCommand("no-such-program-portwatch.exe"), SourceError);
}

}  // namespace
}  // namespace portwatch
