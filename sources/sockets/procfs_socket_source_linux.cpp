#include "sources/sockets/procfs_socket_source_linux.h"

#include <utility>

#include "sources/sockets/proc_net_tcp_parser.h"

namespace portwatch {
namespace {
constexpr std::size_t kLineBufferBytes = 64 * 1024;
}

ProcfsSocketSource::ProcfsSocketSource(std::string procfs_root)
    : procfs_root_(std::move(procfs_root)), reader_(kLineBufferBytes) {}

void ProcfsSocketSource::ForEachSocket(SocketVisitor& visitor) {
  visitor.OnSource("procfs");
  ReadTable(procfs_root_ + "/net/tcp", AddressFamily::kIpv4, false, visitor);
  ReadTable(procfs_root_ + "/net/tcp6", AddressFamily::kIpv6, true, visitor);
}

void ProcfsSocketSource::ReadTable(const std::string& path,
                                   AddressFamily family, bool may_be_missing,
                                   SocketVisitor& visitor) {
  if (!reader_.Open(path)) {
    if (may_be_missing) return;
    throw SourceError("cannot open " + path + ": No such file or directory");
  }
  std::string_view line;
  if (!reader_.Next(line)) {
    reader_.Close();
    throw SourceError(path + ": empty file (expected a header line)");
  }
  if (!IsProcNetTcpHeader(line)) {
    reader_.Close();
    throw SourceError(path + ": line 1 is not the sl/local_address header");
  }
  SocketRow row;
  std::size_t line_number = 1;
  try {
    while (reader_.Next(line)) {
      ++line_number;
      ParseProcNetTcpLine(line, family, row);
      visitor.OnSocket(row);
    }
  } catch (const SourceError& error) {
    reader_.Close();
    throw SourceError(path + ":" + std::to_string(line_number) + ": " +
                      error.what());
  }
  reader_.Close();
}

}  // namespace portwatch
