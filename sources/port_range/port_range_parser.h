#pragma once

#include <string_view>

#include "sources/port_range/port_range.h"

namespace portwatch {

/// Parses Linux's net/ipv4/ip_local_port_range ("32768\t60999\n"): two port
/// numbers separated by whitespace. Throws SourceError on anything else,
/// including first > last and ports outside 1..65535.
EphemeralPortRange ParseLocalPortRange(std::string_view text);

/// Adds the ports of net/ipv4/ip_local_reserved_ports ("8080,9000-9100\n",
/// possibly empty) to `range` as reserved. Throws SourceError when malformed;
/// `range` is then unspecified.
void ParseReservedPorts(std::string_view text, EphemeralPortRange& range);

}  // namespace portwatch
