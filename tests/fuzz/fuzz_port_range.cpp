// libFuzzer target: ip_local_port_range, then ip_local_reserved_ports
// (the input's first line is the range, the rest the reserved list).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/source_error.h"
#include "sources/port_range/port_range_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t split = text.find('\n');
  try {
    portwatch::EphemeralPortRange range =
        portwatch::ParseLocalPortRange(text.substr(0, split));
    if (split != std::string_view::npos) {
      portwatch::ParseReservedPorts(text.substr(split + 1), range);
      if (range.reserved_count() > range.size()) __builtin_trap();
    }
  } catch (const portwatch::SourceError&) {
  }
  return 0;
}
