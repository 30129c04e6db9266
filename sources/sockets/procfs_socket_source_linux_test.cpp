// ProcfsSocketSource against files in a temporary directory laid out like
// /proc: net/tcp and net/tcp6.
#include "sources/sockets/procfs_socket_source_linux.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "tests/fakes/fake_sources.h"
#include "tests/fakes/temp_dir.h"

namespace portwatch {
namespace {

constexpr const char* kHeader =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
    "retrnsmt   uid  timeout inode\n";

/// A temporary fake procfs root, removed at the end of the test.
class FakeProc : public fakes::TempDir {
 public:
  const std::string& root() const { return path(); }
};

/// Rows per family of what a source visited.
struct Counter : fakes::RowCollector {
  long Count(AddressFamily family) const {
    return std::count_if(rows.begin(), rows.end(), [&](const SocketRow& row) {
      return row.family == family;
    });
  }
};

const std::string kV4Line =
    "   0: 0100007F:9C41 0200007F:1B59 06 00000000:00000000 03:00000A3C "
    "00000000     0        0 0 3 0000000000000000\n";
const std::string kV6Line =
    "   0: 00000000000000000000000001000000:9C42 "
    "00000000000000000000000001000000:1B5B 01 00000000:00000000 "
    "00:00000000 00000000     0        0 1 1 0000000000000000\n";

TEST(ProcfsSocketSourceTest, ReadsBothTables) {
  FakeProc proc;
  proc.Write("net/tcp", kHeader + kV4Line + kV4Line);
  proc.Write("net/tcp6", kHeader + kV6Line);
  ProcfsSocketSource source(proc.root());
  Counter counter;
  source.ForEachSocket(counter);
  EXPECT_EQ(counter.Count(AddressFamily::kIpv4), 2);
  EXPECT_EQ(counter.Count(AddressFamily::kIpv6), 1);
  EXPECT_EQ(counter.sources, std::vector<std::string>{"procfs"});
}

TEST(ProcfsSocketSourceTest, MissingTcp6MeansNoIpv6) {
  FakeProc proc;
  proc.Write("net/tcp", kHeader + kV4Line);
  ProcfsSocketSource source(proc.root());
  Counter counter;
  source.ForEachSocket(counter);
  EXPECT_EQ(counter.Count(AddressFamily::kIpv4), 1);
  EXPECT_EQ(counter.Count(AddressFamily::kIpv6), 0);
}

TEST(ProcfsSocketSourceTest, ReadsTablesLargerThanTheBuffer) {
  FakeProc proc;
  std::string table = kHeader;
  for (int i = 0; i < 5000; ++i) table += kV4Line;  // ~650 KB
  proc.Write("net/tcp", table);
  proc.Write("net/tcp6",
             std::string(kHeader) + kV6Line.substr(0, kV6Line.size() - 1));
  ProcfsSocketSource source(proc.root());
  Counter counter;
  source.ForEachSocket(counter);
  EXPECT_EQ(counter.Count(AddressFamily::kIpv4), 5000);
  EXPECT_EQ(counter.Count(AddressFamily::kIpv6),
            1);  // last line without newline
}

TEST(ProcfsSocketSourceTest, ErrorsNameFileAndLine) {
  struct Case {
    const char* tcp;
    const char* expected;
  };
  const std::string truncated = kHeader + kV4Line + kV4Line.substr(0, 20);
  const std::string long_line = kHeader + std::string(70000, '0') + "\n";
  const std::string bad_hex = kHeader + std::string("   0: 0100007X:9C41 ");
  for (const auto& [content, expected] :
       {std::pair<std::string, std::string>{"", "empty file"},
        {"garbage\n", "line 1 is not"},
        {truncated, "/net/tcp:3:"},
        {long_line, "line longer than"},
        {bad_hex, "/net/tcp:2: malformed local address"}}) {
    FakeProc proc;
    proc.Write("net/tcp", content);
    ProcfsSocketSource source(proc.root());
    Counter counter;
    try {
      source.ForEachSocket(counter);
      ADD_FAILURE() << "no error for: " << content.substr(0, 40);
    } catch (const SourceError& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos)
          << error.what();
    }
  }
}

TEST(ProcfsSocketSourceTest, MissingTcpIsAnError) {
  FakeProc proc;
  ProcfsSocketSource source(proc.root());
  Counter counter;
  EXPECT_THROW(source.ForEachSocket(counter), SourceError);
}

}  // namespace
}  // namespace portwatch
