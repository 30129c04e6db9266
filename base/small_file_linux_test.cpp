#include "base/small_file_linux.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "base/source_error.h"
#include "tests/fakes/temp_dir.h"

namespace portwatch {
namespace {

TEST(ReadSmallFileTest, ReadsWholeFilesUpToTheLimit) {
  fakes::TempDir directory;
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

TEST(ReadRegularFileTest, RefusesWhatIsNotARegularFileWithoutBlocking) {
  fakes::TempDir directory;
  directory.Write("web.yml", "basic_auth_users: {}\n");
  EXPECT_EQ(ReadRegularFile(directory.path() + "/web.yml", 100),
            "basic_auth_users: {}\n");
  const std::string fifo = directory.path() + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // No writer: a plain open() would block here for good.
  for (const std::string& path :
       {fifo, std::string("/dev/zero"), directory.path()}) {
    try {
      ReadRegularFile(path, 100);
      FAIL() << path << " was read";
    } catch (const SourceError& error) {
      EXPECT_EQ(std::string(error.what()), path + " is not a regular file");
    }
  }
}

}  // namespace
}  // namespace portwatch
