#pragma once

#include <cstdint>
#include <string>

namespace portwatch {

/// A parsed --web.listen-address: "[host]:port" where host is empty (all
/// IPv4 interfaces), an IPv4 address, or an IPv6 address in brackets (the
/// CivetWeb the build compiles has IPv6; an installed one without it makes
/// the server refuse such an address at start). Port 0 asks the OS for a
/// free port (the log says which).
struct ListenAddress {
  std::string host;  // without brackets
  std::uint16_t port = 0;
  bool ipv6 = false;
};

/// Throws UsageError (flag_set.h) with a one-line reason when malformed.
ListenAddress ParseListenAddress(const std::string& text);

/// The address in CivetWeb's listening_ports syntax ("127.0.0.1:9100",
/// "[::1]:9100", "9100" for all IPv4 interfaces).
std::string CivetwebListeningPort(const ListenAddress& address);

}  // namespace portwatch
