#include "address.h"

#include <cstdio>

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

}  // namespace

const char* AddressFamilyLabel(AddressFamily family) {
  return family == AddressFamily::kIpv4 ? "ipv4" : "ipv6";
}

std::string FormatAddress(AddressFamily family, const IpAddress& address) {
  return family == AddressFamily::kIpv4 ? FormatIpv4(address)
                                        : FormatIpv6(address);
}

}  // namespace portwatch
