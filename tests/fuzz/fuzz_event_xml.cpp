// libFuzzer target: rendered Event Log XML (platform-neutral parsing).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collectors/tcpip_events/tcpip_events_collector.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto event = portwatch::ParseEventXml(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (event) {
    portwatch::TcpipEventCounter counter;
    counter.Record(*event);
  }
  return 0;
}
