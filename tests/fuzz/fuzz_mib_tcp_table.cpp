// libFuzzer target: GetExtendedTcpTable buffers (IPv4 and IPv6 layouts).
#include <cstddef>
#include <cstdint>

#include "sources/sockets/mib_tcp_table_parser.h"
#include "sources/sockets/socket_source.h"

namespace {

/// Checks every row the parser reports.
class CheckRows : public portwatch::SocketVisitor {
 public:
  explicit CheckRows(portwatch::AddressFamily family) : family_(family) {}
  void OnSocket(const portwatch::SocketRow& row) override {
    if (row.family != family_) __builtin_trap();
  }

 private:
  portwatch::AddressFamily family_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return 0;
  const auto family = data[0] & 1 ? portwatch::AddressFamily::kIpv6
                                  : portwatch::AddressFamily::kIpv4;
  CheckRows rows(family);
  try {
    portwatch::ParseTcpTable(family, data + 1, size - 1, rows);
  } catch (const portwatch::SourceError&) {
  }
  return 0;
}
