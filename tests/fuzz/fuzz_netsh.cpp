// libFuzzer target: netsh dynamicport and excludedportrange output.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/source_error.h"
#include "sources/port_range/netsh_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    portwatch::ParseNetshDynamicPortRange(text);
  } catch (const portwatch::SourceError&) {
  }
  try {
    for (const auto& [low, high] : portwatch::ParseNetshExcludedRanges(text)) {
      if (low > high) __builtin_trap();
    }
  } catch (const portwatch::SourceError&) {
  }
  return 0;
}
