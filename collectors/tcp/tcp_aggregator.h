#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "collectors/core/endpoint_keys.h"
#include "collectors/core/space_saving_counter.h"
#include "sources/port_range/port_range.h"
#include "sources/sockets/socket_source.h"

namespace portwatch {

/// Computes every TCP aggregate of one scrape in a single pass over the
/// socket table. Memory is fixed except for the two per-scrape tables of
/// TIME_WAIT remote endpoints and destinations, each capped at
/// `max_tracked_keys` keys (exact below the cap, Space-Saving beyond it).
/// Borrows the port ranges; one per scrape.
class TcpAggregator : public SocketVisitor {
 public:
  /// `ranges` is indexed by AddressFamily and must outlive the aggregator; a
  /// null range (unknown) leaves that family's ephemeral and TIME_WAIT
  /// endpoint aggregates at 0.
  TcpAggregator(
      std::array<const EphemeralPortRange*, kAddressFamilyCount> ranges,
      std::size_t max_tracked_keys);

  void OnSource(const char* name) override { source_ = name; }
  void OnSocket(const SocketRow& row) override;

  /// The OS interface that answered (SocketVisitor::OnSource); empty when
  /// the source named none.
  const std::string& source() const { return source_; }
  std::uint64_t sockets(AddressFamily family, TcpState state) const {
    return per_address_family_[Index(family)].sockets[TcpStateIndex(state)];
  }
  std::uint64_t ephemeral_sockets(AddressFamily family, TcpState state) const {
    return per_address_family_[Index(family)]
        .ephemeral_sockets[TcpStateIndex(state)];
  }
  /// Distinct usable ephemeral local ports held by at least one socket.
  std::uint32_t ports_in_use(AddressFamily family) const {
    return per_address_family_[Index(family)].ports_in_use;
  }
  /// Distinct ports held by a socket of either family, counted over the
  /// usable ports of the IPv4 range: for a platform where both families
  /// share one port space (and one range). 0 without an IPv4 range.
  std::uint32_t PortsInUseAcrossFamilies() const;
  /// How much any per-endpoint count may over-state; 0 means exact.
  std::uint64_t time_wait_max_error() const { return time_wait_.max_error(); }
  /// How much any per-destination count (and the busiest destination's)
  /// may over-state; 0 means exact.
  std::uint64_t destination_max_error() const {
    return destinations_.max_error();
  }
  /// Distinct remote endpoints with at least one client-side TIME_WAIT
  /// socket, i.e. one on a usable ephemeral local port (an upper bound once
  /// the table was full: a key evicted and seen again counts twice).
  std::uint64_t time_wait_endpoints(AddressFamily family) const {
    return per_address_family_[Index(family)].time_wait_endpoints;
  }
  /// Distinct destinations of sockets on usable ephemeral ports.
  std::uint64_t destination_count(AddressFamily family) const {
    return per_address_family_[Index(family)].destinations;
  }
  /// Sockets on ephemeral ports towards the busiest destination.
  std::uint64_t max_destination_sockets(AddressFamily family) const {
    return per_address_family_[Index(family)].max_destination_sockets;
  }

  /// The `k` remote endpoints with most TIME_WAIT sockets on usable
  /// ephemeral local ports, both families. Server-side TIME_WAIT (a local
  /// service port facing one client ip:port each) is left out: it says
  /// nothing about port starvation and would churn the top K.
  std::vector<std::pair<RemoteEndpoint, std::uint64_t>> TopTimeWaitEndpoints(
      std::size_t k) const;
  /// The `k` destinations with most sockets on ephemeral ports.
  std::vector<std::pair<Destination, std::uint64_t>> TopDestinations(
      std::size_t k) const;

 private:
  /// Every fixed-size aggregate of one address family.
  struct AddressFamilyTotals {
    std::array<std::uint64_t, kTcpStateCount> sockets{};
    std::array<std::uint64_t, kTcpStateCount> ephemeral_sockets{};
    std::bitset<65536> port_held;
    std::uint32_t ports_in_use = 0;
    std::uint64_t time_wait_endpoints = 0;
    std::uint64_t destinations = 0;
    std::uint64_t max_destination_sockets = 0;
  };

  static std::size_t Index(AddressFamily family) {
    return static_cast<std::size_t>(family);
  }

  std::array<const EphemeralPortRange*, kAddressFamilyCount> ranges_;
  std::array<AddressFamilyTotals, kAddressFamilyCount> per_address_family_;
  SpaceSavingCounter<RemoteEndpoint> time_wait_;
  SpaceSavingCounter<Destination> destinations_;
  std::string source_;
};

}  // namespace portwatch
