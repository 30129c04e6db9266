// libFuzzer target: /proc/net/tcp and tcp6 lines.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sources/sockets/proc_net_tcp_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  portwatch::SocketRow row;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    portwatch::IsProcNetTcpHeader(line);
    for (auto family :
         {portwatch::AddressFamily::kIpv4, portwatch::AddressFamily::kIpv6}) {
      try {
        portwatch::ParseProcNetTcpLine(line, family, row);
      } catch (const portwatch::SourceError&) {
      }
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return 0;
}
