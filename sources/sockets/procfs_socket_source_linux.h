#pragma once

#include <string>

#include "base/line_reader_linux.h"
#include "sources/sockets/socket_source.h"

namespace portwatch {

/// Streams <procfs>/net/tcp and <procfs>/net/tcp6 through one reused line
/// buffer. A missing tcp6 means the kernel has no IPv6 (zero IPv6 sockets);
/// a missing tcp, an empty file, a missing header or any malformed line is a
/// SourceError naming the file and line number.
class ProcfsSocketSource : public SocketSource {
 public:
  explicit ProcfsSocketSource(std::string procfs_root);
  void ForEachSocket(SocketVisitor& visitor) override;

 private:
  void ReadTable(const std::string& path, AddressFamily family,
                 bool may_be_missing, SocketVisitor& visitor);

  std::string procfs_root_;
  LineReader reader_;
};

}  // namespace portwatch
