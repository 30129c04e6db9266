#pragma once

#include <array>
#include <cstddef>

#include "base/address.h"
#include "sources/port_range/port_range.h"

namespace portwatch {

/// Reads the OS's current dynamic port range for one address family.
/// Implementations read fresh values on every call (the range can be changed
/// at run time) and throw SourceError (source_error.h) when they cannot.
class PortRangeSource {
 public:
  virtual ~PortRangeSource() = default;
  virtual EphemeralPortRange Read(AddressFamily family) = 0;
  /// True when IPv4 and IPv6 sockets take local ports from one shared space
  /// (Linux: one range, one bind table), so a port held by either family is
  /// taken for both and host-wide use must be counted over both together.
  /// False when each family has its own dynamic range (Windows).
  virtual bool SharesOnePortSpace() const = 0;
};

/// The port range of each address family, indexed by AddressFamily.
using AddressFamilyRanges = std::array<EphemeralPortRange, kAddressFamilyCount>;
/// Borrowed ranges per family; null where unknown.
using AddressFamilyRangePointers =
    std::array<const EphemeralPortRange*, kAddressFamilyCount>;

/// Pointers to each of `ranges` (which must outlive them).
inline AddressFamilyRangePointers PointersTo(
    const AddressFamilyRanges& ranges) {
  return {&ranges[0], &ranges[1]};
}

/// Reads both families' ranges from `source`; throws SourceError.
inline AddressFamilyRanges ReadAddressFamilyRanges(PortRangeSource& source) {
  AddressFamilyRanges ranges;
  for (AddressFamily family : kAddressFamilies) {
    ranges[static_cast<std::size_t>(family)] = source.Read(family);
  }
  return ranges;
}

}  // namespace portwatch
