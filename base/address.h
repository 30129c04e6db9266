#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace portwatch {

/// IP version of a socket; also the value of the `family` label.
enum class AddressFamily : std::uint8_t { kIpv4 = 0, kIpv6 = 1 };

inline constexpr std::size_t kAddressFamilyCount = 2;

/// Both families, in label order.
inline constexpr std::array<AddressFamily, kAddressFamilyCount>
    kAddressFamilies = {AddressFamily::kIpv4, AddressFamily::kIpv6};

/// The `family` label value: "ipv4" or "ipv6".
const char* AddressFamilyLabel(AddressFamily family);

/// An IPv4 or IPv6 address in network byte order. IPv4 uses the first four
/// bytes and leaves the rest zero, so equal addresses compare equal bytewise.
/// A plain value type; it owns its bytes.
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};

  bool operator==(const IpAddress& other) const { return bytes == other.bytes; }
  bool operator<(const IpAddress& other) const { return bytes < other.bytes; }
};

/// Parses the text form of an address of `family` into `address`, by
/// inet_pton's rules (dotted quad without leading zeros; RFC 4291 IPv6 with
/// at most one "::" and an optional dotted-quad tail; no zone ids); false
/// when it is not one.
bool ParseAddress(AddressFamily family, const std::string& text,
                  IpAddress& address);

/// Text form of `address` (inet_ntop style: "127.0.0.1", "::1").
std::string FormatAddress(AddressFamily family, const IpAddress& address);

}  // namespace portwatch
