// libFuzzer target: one datagram of a NETLINK_SOCK_DIAG dump.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sources/sockets/inet_diag_parser_linux.h"

namespace {
/// Touches every visited row.
class Sink : public portwatch::SocketVisitor {
 public:
  void OnSocket(const portwatch::SocketRow& row) override {
    sum += row.local_port + row.remote_port;
  }
  unsigned long sum = 0;
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  // A private, exactly-sized copy so reads past the end are caught.
  std::vector<std::uint8_t> copy(data, data + size);
  Sink sink;
  portwatch::SocketRow row;
  try {
    portwatch::ParseInetDiagBatch(copy.data(), copy.size(), sink, row);
  } catch (const portwatch::SourceError&) {
  }
  return 0;
}
