#include "base/address.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace portwatch {
namespace {

std::string FormatIpv4(const IpAddress& address) {
  char text[16];
  std::snprintf(text, sizeof text, "%u.%u.%u.%u", address.bytes[0],
                address.bytes[1], address.bytes[2], address.bytes[3]);
  return text;
}

// RFC 5952 text: lower-case hex, leading zeros dropped, the longest run of
// two or more zero groups (the first on a tie) written as "::", and
// IPv4-mapped addresses written as ::ffff:a.b.c.d.
std::string FormatIpv6(const IpAddress& address) {
  std::uint16_t groups[8];
  for (int i = 0; i < 8; ++i) {
    groups[i] = static_cast<std::uint16_t>(address.bytes[2 * i] << 8 |
                                           address.bytes[2 * i + 1]);
  }
  bool v4_mapped = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 &&
                   groups[3] == 0 && groups[4] == 0 && groups[5] == 0xffff;
  if (v4_mapped) {
    IpAddress v4;
    for (int i = 0; i < 4; ++i) v4.bytes[i] = address.bytes[12 + i];
    return "::ffff:" + FormatIpv4(v4);
  }
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int start = i;
    while (i < 8 && groups[i] == 0) ++i;
    if (i - start > best_len) {
      best_start = start;
      best_len = i - start;
    }
  }
  if (best_len < 2) best_start = -1;
  std::string text;
  char group_text[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      text += "::";
      i += best_len - 1;
      continue;
    }
    if (!text.empty() && text.back() != ':') text += ':';
    std::snprintf(group_text, sizeof group_text, "%x", groups[i]);
    text += group_text;
  }
  return text;
}

// Parses dotted-quad IPv4 ("a.b.c.d", each 0..255, no leading zeros, as
// inet_pton) into out[0..3].
bool ParseIpv4(std::string_view text, std::uint8_t* out) {
  int octets = 0;
  std::size_t i = 0;
  while (octets < 4) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
    const std::size_t start = i;
    unsigned value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      if (value > 255 || (i > start && text[start] == '0')) return false;
      ++i;
    }
    out[octets++] = static_cast<std::uint8_t>(value);
    if (octets < 4) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
  }
  return i == text.size();
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses RFC 4291 IPv6 text: up to eight groups of 1..4 hex digits, at most
// one "::" for a run of zero groups, optionally ending in dotted IPv4.
bool ParseIpv6(std::string_view text, std::uint8_t* out) {
  std::uint8_t bytes[16] = {};
  std::size_t filled = 0;                    // bytes written
  std::size_t gap = std::string_view::npos;  // where "::" stands, in bytes
  std::size_t i = 0;
  if (text.substr(0, 2) == "::") {
    gap = 0;
    i = 2;
    if (i == text.size()) {
      std::fill(out, out + 16, std::uint8_t{0});
      return true;
    }
  } else if (!text.empty() && text[0] == ':') {
    return false;
  }
  for (;;) {
    // An embedded IPv4 address ends the text.
    const std::size_t next_colon = text.find(':', i);
    if (text.find('.', i) < next_colon) {
      if (filled > 12 || !ParseIpv4(text.substr(i), bytes + filled)) {
        return false;
      }
      filled += 4;
      break;
    }
    unsigned group = 0;
    std::size_t digits = 0;
    while (i < text.size() && HexDigit(text[i]) >= 0) {
      group = group * 16 + static_cast<unsigned>(HexDigit(text[i]));
      if (++digits > 4) return false;
      ++i;
    }
    if (digits == 0 || filled == 16) return false;
    bytes[filled++] = static_cast<std::uint8_t>(group >> 8);
    bytes[filled++] = static_cast<std::uint8_t>(group & 0xff);
    if (i == text.size()) break;
    if (text[i] != ':' || ++i == text.size()) return false;
    if (text[i] == ':') {
      if (gap != std::string_view::npos) return false;  // a second "::"
      gap = filled;
      if (++i == text.size()) break;
    }
  }
  if (gap == std::string_view::npos) {
    if (filled != 16) return false;
    std::copy(bytes, bytes + 16, out);
    return true;
  }
  if (filled > 14) return false;  // "::" stands for at least one group
  std::fill(out, out + 16, std::uint8_t{0});
  std::copy(bytes, bytes + gap, out);
  std::copy(bytes + gap, bytes + filled, out + 16 - (filled - gap));
  return true;
}

}  // namespace

const char* AddressFamilyLabel(AddressFamily family) {
  return family == AddressFamily::kIpv4 ? "ipv4" : "ipv6";
}

std::string FormatAddress(AddressFamily family, const IpAddress& address) {
  return family == AddressFamily::kIpv4 ? FormatIpv4(address)
                                        : FormatIpv6(address);
}

bool ParseAddress(AddressFamily family, const std::string& text,
                  IpAddress& address) {
  address = IpAddress{};
  return family == AddressFamily::kIpv4 ? ParseIpv4(text, address.bytes.data())
                                        : ParseIpv6(text, address.bytes.data());
}

}  // namespace portwatch
