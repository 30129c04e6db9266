#include "sources/process/process_directory_windows.h"

#include <gtest/gtest.h>
#include <windows.h>

#include <string>

namespace portwatch {
namespace {

TEST(WindowsProcessDirectoryTest, NamesThisProcessByItsImage) {
  WindowsProcessDirectory directory;
  const std::string path = directory.ImagePath(GetCurrentProcessId());
  EXPECT_EQ(FileNameOf(path), "sources_process_tests.exe") << path;
  // No such process (PIDs are multiples of 4).
  EXPECT_EQ(directory.ImagePath(0xFFFFFFF1u), "");
}

TEST(WindowsProcessDirectoryTest, ListsRunningServicesWithTheirProcesses) {
  WindowsProcessDirectory directory;
  const auto services = directory.RunningServices();
  ASSERT_FALSE(services.empty()) << "no running service";
  for (const auto& [name, pid] : services) {
    EXPECT_FALSE(name.empty());
    EXPECT_NE(pid, 0u) << name;
  }
}

}  // namespace
}  // namespace portwatch
