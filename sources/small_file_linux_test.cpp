#include "small_file_linux.h"

#include <gtest/gtest.h>

#include <string>

#include "fakes/temp_dir.h"
#include "source_error.h"

namespace portwatch {
namespace {

TEST(ReadSmallFileTest, ReadsWholeFilesUpToTheLimit) {
  testing::TempDir directory;
  directory.Write("sysctl", "32768\t60999\n");
  EXPECT_EQ(ReadSmallFile(directory.path() + "/sysctl", 12), "32768\t60999\n");
  try {
    ReadSmallFile(directory.path() + "/sysctl", 11);
    FAIL() << "a file over the limit was read";
  } catch (const SourceError& error) {
    EXPECT_NE(std::string(error.what()).find("is larger than 11 bytes"),
              std::string::npos);
  }
  try {
    ReadSmallFile(directory.path() + "/absent", 100);
    FAIL() << "a missing file was read";
  } catch (const SourceError& error) {
    EXPECT_NE(std::string(error.what()).find("cannot open"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("absent"), std::string::npos);
  }
}

}  // namespace
}  // namespace portwatch
