#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "bounded_counter.h"
#include "endpoint_keys.h"
#include "port_range.h"
#include "socket_source.h"

namespace portwatch {

/// Computes every TCP aggregate of one scrape in a single pass over the
/// socket table. Memory is fixed except for the two per-scrape tables of
/// distinct TIME_WAIT remote endpoints and distinct destinations, each
/// capped at `max_tracked_keys` keys. Borrows the port ranges; one per
/// scrape.
class TcpAggregator : public SocketVisitor {
 public:
  /// `ranges` is indexed by AddressFamily; both must outlive the aggregator.
  TcpAggregator(
      std::array<const EphemeralPortRange*, kAddressFamilyCount> ranges,
      std::size_t max_tracked_keys);

  void OnSocket(const SocketRow& row) override;

  std::uint64_t sockets(AddressFamily family, TcpState state) const {
    return per_family_[Index(family)].sockets[TcpStateIndex(state)];
  }
  std::uint64_t ephemeral_sockets(AddressFamily family, TcpState state) const {
    return per_family_[Index(family)].ephemeral_sockets[TcpStateIndex(state)];
  }
  /// Distinct usable ephemeral local ports held by at least one socket.
  std::uint32_t ports_in_use(AddressFamily family) const {
    return per_family_[Index(family)].ports_in_use;
  }
  /// TIME_WAIT sockets whose endpoint was not tracked (table full).
  std::uint64_t untracked_time_wait(AddressFamily family) const {
    return per_family_[Index(family)].untracked_time_wait;
  }
  /// Ephemeral sockets whose destination was not tracked (table full).
  std::uint64_t untracked_destination_sockets(AddressFamily family) const {
    return per_family_[Index(family)].untracked_destination_sockets;
  }
  /// Distinct remote endpoints with at least one TIME_WAIT socket (a lower
  /// bound when untracked_time_wait() > 0).
  std::uint64_t time_wait_endpoints(AddressFamily family) const {
    return per_family_[Index(family)].time_wait_endpoints;
  }
  /// Distinct destinations of sockets on usable ephemeral ports.
  std::uint64_t destination_count(AddressFamily family) const {
    return per_family_[Index(family)].destinations;
  }
  /// Sockets on ephemeral ports towards the busiest destination.
  std::uint64_t max_destination_sockets(AddressFamily family) const {
    return per_family_[Index(family)].max_destination_sockets;
  }

  /// The `k` remote endpoints with most TIME_WAIT sockets, both families.
  std::vector<std::pair<RemoteEndpoint, std::uint64_t>> TopTimeWaitEndpoints(
      std::size_t k) const;
  /// The `k` destinations with most sockets on ephemeral ports.
  std::vector<std::pair<Destination, std::uint64_t>> TopDestinations(
      std::size_t k) const;

 private:
  /// Every fixed-size aggregate of one address family.
  struct FamilyTotals {
    std::array<std::uint64_t, kTcpStateCount> sockets{};
    std::array<std::uint64_t, kTcpStateCount> ephemeral_sockets{};
    std::bitset<65536> port_held;
    std::uint32_t ports_in_use = 0;
    std::uint64_t time_wait_endpoints = 0;
    std::uint64_t destinations = 0;
    std::uint64_t max_destination_sockets = 0;
    std::uint64_t untracked_time_wait = 0;
    std::uint64_t untracked_destination_sockets = 0;
  };

  static std::size_t Index(AddressFamily family) {
    return static_cast<std::size_t>(family);
  }

  std::array<const EphemeralPortRange*, kAddressFamilyCount> ranges_;
  std::array<FamilyTotals, kAddressFamilyCount> per_family_;
  BoundedCounter<RemoteEndpoint> time_wait_;
  BoundedCounter<Destination> destinations_;
};

}  // namespace portwatch
