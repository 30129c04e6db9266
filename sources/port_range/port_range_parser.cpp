#include "sources/port_range/port_range_parser.h"

#include <cstdint>
#include <string>

#include "base/decimal.h"
#include "base/source_error.h"
#include "base/text.h"

namespace portwatch {
namespace {

bool IsSpace(char c) { return kWhiteSpace.find(c) != std::string_view::npos; }

// Consumes a decimal port number (1..65535) from the front of `text`, a
// view into the file's content starting at `start`. Errors give the
// position, never the bytes (the file may be a link to anything).
std::uint16_t TakePort(std::string_view& text, bool allow_zero,
                       const char* start) {
  std::uint32_t value = 0;
  const DecimalStatus status = TakeDecimal(text, value);
  if (status == DecimalStatus::kNoDigits) {
    throw SourceError("expected a port number at character " +
                      std::to_string(text.data() - start + 1));
  }
  if (status == DecimalStatus::kTooLarge || value > 65535) {
    throw SourceError("port number above 65535");
  }
  if (value == 0 && !allow_zero) throw SourceError("port 0 is invalid");
  return static_cast<std::uint16_t>(value);
}

}  // namespace

EphemeralPortRange ParseLocalPortRange(std::string_view text) {
  std::string_view rest = Trim(text);
  std::uint16_t first = TakePort(rest, false, text.data());
  if (rest.empty() || !IsSpace(rest.front())) {
    throw SourceError("expected two port numbers");
  }
  rest = Trim(rest);
  std::uint16_t last = TakePort(rest, false, text.data());
  if (!rest.empty()) {
    throw SourceError("unexpected text after the range");
  }
  if (first > last) {
    throw SourceError("first port " + std::to_string(first) +
                      " is above last port " + std::to_string(last));
  }
  return EphemeralPortRange(first, last);
}

void ParseReservedPorts(std::string_view text, EphemeralPortRange& range) {
  std::string_view rest = Trim(text);
  while (!rest.empty()) {
    std::uint16_t low = TakePort(rest, true, text.data());
    std::uint16_t high = low;
    if (!rest.empty() && rest.front() == '-') {
      rest.remove_prefix(1);
      high = TakePort(rest, true, text.data());
      if (high < low) {
        throw SourceError("descending range " + std::to_string(low) + "-" +
                          std::to_string(high));
      }
    }
    // Only the part inside the ephemeral range can change the count.
    std::uint32_t from = low < range.first() ? range.first() : low;
    std::uint32_t to = high > range.last() ? range.last() : high;
    for (std::uint32_t port = from; port <= to; ++port) {
      range.Reserve(static_cast<std::uint16_t>(port));
    }
    if (rest.empty()) break;
    if (rest.front() != ',') {
      throw SourceError("expected ',' between ranges");
    }
    rest.remove_prefix(1);
    if (rest.empty()) {
      throw SourceError("trailing ','");
    }
  }
}

}  // namespace portwatch
