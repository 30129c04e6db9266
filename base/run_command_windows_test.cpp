// RunCommand, which reads netsh's output, against cmd.exe (runs under wine).
#include "base/run_command_windows.h"

#include <gtest/gtest.h>

#include "base/source_error.h"

namespace portwatch {
namespace {

TEST(RunCommandTest, ReturnsTheOutput) {
  EXPECT_NE(
      RunCommand("cmd.exe /c echo portwatch-output").find("portwatch-output"),
      std::string::npos);
}

TEST(RunCommandTest, NonZeroExitAndMissingProgramsAreErrors) {
  EXPECT_THROW(RunCommand("cmd.exe /c exit 3"), SourceError);
  EXPECT_THROW(RunCommand("no-such-program-portwatch.exe"), SourceError);
}

}  // namespace
}  // namespace portwatch
