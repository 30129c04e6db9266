#pragma once

#include "address.h"
#include "port_range.h"

namespace portwatch {

/// Reads the OS's current dynamic port range for one address family.
/// Implementations read fresh values on every call (the range can be changed
/// at run time) and throw SourceError (socket_source.h) when they cannot.
class PortRangeSource {
 public:
  virtual ~PortRangeSource() = default;
  virtual EphemeralPortRange Read(AddressFamily family) = 0;
};

}  // namespace portwatch
