#pragma once

#include "sources/port_range/tcpip_parameters.h"

namespace portwatch {

/// Reads the Tcpip Parameters key with RegGetValueW.
class RegistryTcpipParameters : public TcpipParameters {
 public:
  std::optional<std::uint32_t> ReadDword(const std::string& name) override;
};

}  // namespace portwatch
