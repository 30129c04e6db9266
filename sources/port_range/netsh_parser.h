#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "sources/port_range/port_range.h"

namespace portwatch {

/// Parses `netsh int ipv4|ipv6 show dynamicport tcp` output, e.g.
///   Protocol tcp Dynamic Port Range
///   ---------------------------------
///   Start Port      : 49152
///   Number of Ports : 16384
/// Labels are localised, so it takes the numbers after the first two ':'
/// on lines that hold one. Throws SourceError unless it finds exactly two
/// numbers forming a range inside 1..65535. In both parsers '\r' is white
/// space wherever it stands, so lines may end in "\n", "\r\n" (netsh) or
/// "\r\r\n" (netsh's text written again through a text-mode stream).
EphemeralPortRange ParseNetshDynamicPortRange(std::string_view text);

/// Parses `netsh int ipv4 show excludedportrange protocol=tcp` output: the
/// lines after the dashed rule with two port numbers ("  50000  50059"
/// optionally followed by "*" for administered exclusions). Throws
/// SourceError on a malformed table.
std::vector<std::pair<std::uint16_t, std::uint16_t>> ParseNetshExcludedRanges(
    std::string_view text);

}  // namespace portwatch
