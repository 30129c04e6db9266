#include "collectors/tcp/tcp_aggregator.h"

#include "collectors/core/top_k.h"

namespace portwatch {

TcpAggregator::TcpAggregator(
    std::array<const EphemeralPortRange*, kAddressFamilyCount> ranges,
    std::size_t max_tracked_keys)
    : ranges_(ranges),
      time_wait_(max_tracked_keys),
      destinations_(max_tracked_keys) {}

void TcpAggregator::OnSocket(const SocketRow& row) {
  AddressFamilyTotals& totals = per_address_family_[Index(row.family)];
  const std::size_t state = TcpStateIndex(row.state);
  ++totals.sockets[state];

  const EphemeralPortRange* range = ranges_[Index(row.family)];
  if (range == nullptr || !range->IsUsable(row.local_port)) return;
  ++totals.ephemeral_sockets[state];
  if (!totals.port_held[row.local_port]) {
    totals.port_held[row.local_port] = true;
    ++totals.ports_in_use;
  }
  // Only client-side TIME_WAIT (on an ephemeral port) holds a port that new
  // connections need.
  if (row.state == TcpState::kTimeWait) {
    const bool added = time_wait_
                           .Add(RemoteEndpoint{row.remote_address,
                                               row.remote_port, row.family})
                           .second;
    if (added) ++totals.time_wait_endpoints;
  }
  // Listening and bound-only sockets have no destination.
  if (row.remote_port == 0) return;
  const auto [count, added] = destinations_.Add(Destination{
      row.local_address, row.remote_address, row.remote_port, row.family});
  if (added) ++totals.destinations;
  if (count > totals.max_destination_sockets) {
    totals.max_destination_sockets = count;
  }
}

std::uint32_t TcpAggregator::PortsInUseAcrossFamilies() const {
  // Over the IPv4 range: platforms with one shared port space (Linux) have
  // one range for both families. Should the ranges differ (only a fake can),
  // IPv6 ports outside the IPv4 range are not counted.
  const EphemeralPortRange* range = ranges_[Index(AddressFamily::kIpv4)];
  if (range == nullptr) return 0;
  const auto& ipv4 = per_address_family_[Index(AddressFamily::kIpv4)].port_held;
  const auto& ipv6 = per_address_family_[Index(AddressFamily::kIpv6)].port_held;
  std::uint32_t count = 0;
  for (std::uint32_t port = range->first(); port <= range->last(); ++port) {
    if ((ipv4[port] || ipv6[port]) &&
        range->IsUsable(static_cast<std::uint16_t>(port))) {
      ++count;
    }
  }
  return count;
}

std::vector<std::pair<RemoteEndpoint, std::uint64_t>>
TcpAggregator::TopTimeWaitEndpoints(std::size_t k) const {
  return TopK<RemoteEndpoint>(time_wait_.tallies(), k);
}

std::vector<std::pair<Destination, std::uint64_t>>
TcpAggregator::TopDestinations(std::size_t k) const {
  return TopK<Destination>(destinations_.tallies(), k);
}

}  // namespace portwatch
