#include "sources/port_range/port_range.h"

#include <stdexcept>

namespace portwatch {

EphemeralPortRange::EphemeralPortRange(std::uint16_t first, std::uint16_t last)
    : first_(first), last_(last) {
  if (first > last) {
    throw std::invalid_argument("port range first is greater than last");
  }
}

void EphemeralPortRange::Reserve(std::uint16_t port) {
  if (port < first_ || port > last_ || reserved_[port]) return;
  reserved_[port] = true;
  ++reserved_count_;
}

}  // namespace portwatch
