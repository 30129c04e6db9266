#pragma once

#include <cstdint>
#include <cstring>

namespace portwatch {

/// Copies a T out of a byte stream that carries no alignment guarantee
/// (netlink datagrams, IP Helper tables).
template <typename T>
T LoadUnaligned(const std::uint8_t* data) {
  T value;
  std::memcpy(&value, data, sizeof value);
  return value;
}

}  // namespace portwatch
