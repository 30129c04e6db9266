#pragma once

#include <string>

#include "sources/port_range/port_range_source.h"

namespace portwatch {

/// Reads net/ipv4/ip_local_port_range and ip_local_reserved_ports under a
/// procfs root (normally /proc). Linux applies the IPv4 sysctls to IPv6 too,
/// so both families get the same range, and IPv4 and IPv6 sockets share one
/// local port space (one bind hash table).
class ProcfsPortRangeSource : public PortRangeSource {
 public:
  explicit ProcfsPortRangeSource(std::string procfs_root);
  EphemeralPortRange Read(AddressFamily family) override;
  bool SharesOnePortSpace() const override { return true; }

 private:
  std::string procfs_root_;
};

}  // namespace portwatch
