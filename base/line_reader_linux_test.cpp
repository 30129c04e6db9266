#include "base/line_reader_linux.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/source_error.h"
#include "tests/fakes/temp_dir.h"

namespace portwatch {
namespace {

std::vector<std::string> AllLines(LineReader& reader) {
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.Next(line)) lines.emplace_back(line);
  return lines;
}

TEST(LineReaderTest, StreamsLinesThroughASmallBuffer) {
  fakes::TempDir directory;
  directory.Write("table", "first\nsecond line\n\nlast without newline");
  LineReader reader(24);  // the text is longer: it is refilled
  ASSERT_TRUE(reader.Open(directory.path() + "/table"));
  EXPECT_EQ(AllLines(reader),
            (std::vector<std::string>{"first", "second line", "",
                                      "last without newline"}));
}

TEST(LineReaderTest, MissingFileIsFalseAndOverlongLinesAreErrors) {
  fakes::TempDir directory;
  LineReader reader(8);
  EXPECT_FALSE(reader.Open(directory.path() + "/absent"));
  directory.Write("long", "0123456789\n");
  ASSERT_TRUE(reader.Open(directory.path() + "/long"));
  std::string_view line;
  try {
    reader.Next(line);
    FAIL() << "an overlong line was returned";
  } catch (const SourceError& error) {
    EXPECT_NE(std::string(error.what()).find("line longer than 8 bytes"),
              std::string::npos)
        << error.what();
  }
  // A directory opens, and reading it fails.
  ASSERT_TRUE(reader.Open(directory.path()));
  EXPECT_THROW(reader.Next(line), SourceError);
}

}  // namespace
}  // namespace portwatch
