#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <tuple>

#include "base/address.h"

namespace portwatch {

/// A remote endpoint (family, address, port): the key of the per-endpoint
/// TIME_WAIT count.
struct RemoteEndpoint {
  IpAddress address;
  std::uint16_t port = 0;
  AddressFamily family = AddressFamily::kIpv4;

  bool operator==(const RemoteEndpoint& other) const {
    return port == other.port && family == other.family &&
           address == other.address;
  }
  bool operator<(const RemoteEndpoint& other) const {
    return std::tie(family, address, port) <
           std::tie(other.family, other.address, other.port);
  }
};

/// A destination as Linux allocates local ports for it: (local address,
/// remote address, remote port). A local port can be reused towards each
/// distinct destination, so exhaustion is per destination.
struct Destination {
  IpAddress local_address;
  IpAddress remote_address;
  std::uint16_t remote_port = 0;
  AddressFamily family = AddressFamily::kIpv4;

  bool operator==(const Destination& other) const {
    return remote_port == other.remote_port && family == other.family &&
           remote_address == other.remote_address &&
           local_address == other.local_address;
  }
  bool operator<(const Destination& other) const {
    return std::tie(family, local_address, remote_address, remote_port) <
           std::tie(other.family, other.local_address, other.remote_address,
                    other.remote_port);
  }
};

/// splitmix64's finaliser: a cheap, well-mixing 64-bit hash step.
inline std::uint64_t MixBits(std::uint64_t value) {
  value ^= value >> 30;
  value *= 0xbf58476d1ce4e5b9ULL;
  value ^= value >> 27;
  value *= 0x94d049bb133111ebULL;
  value ^= value >> 31;
  return value;
}

/// Hashes an address's 16 bytes as two 64-bit words.
inline std::uint64_t HashAddress(const IpAddress& address, std::uint64_t seed) {
  std::uint64_t words[2];
  std::memcpy(words, address.bytes.data(), sizeof words);
  return MixBits(seed ^ MixBits(words[0] ^ MixBits(words[1])));
}

/// Hash functor for RemoteEndpoint and Destination.
struct EndpointHash {
  std::size_t operator()(const RemoteEndpoint& key) const {
    std::uint64_t tag =
        std::uint64_t{key.port} << 8 | static_cast<std::uint64_t>(key.family);
    return static_cast<std::size_t>(HashAddress(key.address, tag));
  }
  std::size_t operator()(const Destination& key) const {
    std::uint64_t tag = std::uint64_t{key.remote_port} << 8 |
                        static_cast<std::uint64_t>(key.family);
    return static_cast<std::size_t>(
        HashAddress(key.local_address, HashAddress(key.remote_address, tag)));
  }
};

}  // namespace portwatch
