#pragma once

#include <bitset>
#include <cstdint>

namespace portwatch {

/// The dynamic (ephemeral) port range of one address family, and the ports
/// inside it that the OS will not hand out (Linux ip_local_reserved_ports,
/// Windows excluded port ranges). A value type of fixed size (8 KiB).
class EphemeralPortRange {
 public:
  EphemeralPortRange() = default;
  /// Requires first <= last.
  EphemeralPortRange(std::uint16_t first, std::uint16_t last);

  /// Marks `port` as reserved; ports outside the range are ignored, so the
  /// reserved count is always the reserved ports that fall inside the range.
  void Reserve(std::uint16_t port);

  std::uint16_t first() const { return first_; }
  std::uint16_t last() const { return last_; }
  std::uint32_t size() const { return std::uint32_t{last_} - first_ + 1; }
  std::uint32_t reserved_count() const { return reserved_count_; }
  /// Ports the OS can actually hand out: size() - reserved_count().
  std::uint32_t usable_count() const { return size() - reserved_count_; }

  /// True when `port` is inside the range and not reserved.
  bool IsUsable(std::uint16_t port) const {
    return port >= first_ && port <= last_ && !reserved_[port];
  }

 private:
  std::uint16_t first_ = 0;
  std::uint16_t last_ = 0;
  std::uint32_t reserved_count_ = 0;
  std::bitset<65536> reserved_;
};

}  // namespace portwatch
