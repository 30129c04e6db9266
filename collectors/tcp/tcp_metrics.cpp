#include "collectors/tcp/tcp_metrics.h"

#include <algorithm>
#include <string>

#include "collectors/core/metric_builder.h"

namespace portwatch {
namespace {

Label FamilyLabel(AddressFamily family) {
  return {"family", AddressFamilyLabel(family)};
}

// Both families together, where they share one port space.
Label AllFamiliesLabel() { return {"family", "all"}; }

// A ratio of used to usable ports; a range with no usable port is full.
double Utilization(std::uint64_t used, std::uint32_t usable) {
  if (usable == 0) return 1.0;
  return static_cast<double>(used) / usable;
}

prometheus::MetricFamily StateCounts(const TcpAggregator& totals,
                                     bool ephemeral) {
  auto out =
      ephemeral
          ? GaugeFamily("portwatch_tcp_ephemeral_sockets",
                        "TCP sockets whose local port is a usable ephemeral "
                        "port, by state.")
          : GaugeFamily("portwatch_tcp_sockets",
                        "TCP sockets by address family and state.");
  for (AddressFamily family : kAddressFamilies) {
    for (std::size_t i = 0; i < kTcpStateCount; ++i) {
      const TcpState state = TcpStateAt(i);
      const std::uint64_t count = ephemeral
                                      ? totals.ephemeral_sockets(family, state)
                                      : totals.sockets(family, state);
      AddSample(out, {FamilyLabel(family), {"state", TcpStateLabel(state)}},
                static_cast<double>(count));
    }
  }
  return out;
}

prometheus::MetricFamily MaxErrors(const TcpAggregator& totals) {
  auto out = GaugeFamily(
      "portwatch_tcp_tracking_max_error_sockets",
      "Most that any per-endpoint or per-destination count (and the "
      "destination utilization) may over-state in this scrape because the "
      "table reached --collector.tcp.max-tracked-keys; 0 means exact.");
  AddSample(out, {{"table", "time_wait_endpoints"}},
            static_cast<double>(totals.time_wait_max_error()));
  AddSample(out, {{"table", "destinations"}},
            static_cast<double>(totals.destination_max_error()));
  return out;
}

prometheus::MetricFamily TopTimeWait(const TcpAggregator& totals,
                                     std::size_t k) {
  auto out = GaugeFamily(
      "portwatch_tcp_time_wait_sockets",
      "TIME_WAIT sockets on usable ephemeral local ports (client side) per "
      "remote endpoint; only the top --collector.tcp.top-endpoints "
      "endpoints.");
  for (const auto& [endpoint, count] : totals.TopTimeWaitEndpoints(k)) {
    AddSample(
        out,
        {FamilyLabel(endpoint.family),
         {"remote_address", FormatAddress(endpoint.family, endpoint.address)},
         {"remote_port", std::to_string(endpoint.port)}},
        static_cast<double>(count));
  }
  return out;
}

prometheus::MetricFamily TopDestinations(const TcpAggregator& totals,
                                         std::size_t k) {
  auto out = GaugeFamily(
      "portwatch_tcp_destination_ephemeral_sockets",
      "Sockets on usable ephemeral ports per destination; only the top "
      "--collector.tcp.top-destinations destinations.");
  for (const auto& [destination, count] : totals.TopDestinations(k)) {
    AddSample(out,
              {FamilyLabel(destination.family),
               {"local_address",
                FormatAddress(destination.family, destination.local_address)},
               {"remote_address",
                FormatAddress(destination.family, destination.remote_address)},
               {"remote_port", std::to_string(destination.remote_port)}},
              static_cast<double>(count));
  }
  return out;
}

/// The small per-family families that need the port ranges.
struct PerFamilyCounts {
  prometheus::MetricFamily in_use = GaugeFamily(
      "portwatch_ephemeral_ports_in_use",
      "Distinct usable ephemeral local ports held by at least one socket; "
      "family=all: by a socket of either family, where both share one port "
      "space (Linux).");
  prometheus::MetricFamily endpoints =
      GaugeFamily("portwatch_tcp_time_wait_remote_endpoints",
                  "Distinct remote endpoints with TIME_WAIT sockets on usable "
                  "ephemeral local ports (before top-K).");
  prometheus::MetricFamily destinations = GaugeFamily(
      "portwatch_tcp_destinations",
      "Distinct (local address, remote address, remote port) destinations "
      "of sockets on ephemeral ports (before top-K).");
  prometheus::MetricFamily utilization = GaugeFamily(
      "portwatch_ephemeral_port_utilization_ratio",
      "Share of usable ephemeral ports in use: scope=host counts distinct "
      "ports (family=all where both families share one port space), "
      "scope=destination the busiest destination.");
};

// `ranges` are all known. Where the families share one port space (Linux),
// a port held by either is taken for both, so host scope is published once
// for both together (family="all"); otherwise per family.
PerFamilyCounts CountPerFamily(const TcpAggregator& totals,
                               const FamilyRangePointers& ranges,
                               bool shared_port_space) {
  PerFamilyCounts out;
  for (AddressFamily family : kAddressFamilies) {
    const std::uint32_t usable =
        ranges[static_cast<std::size_t>(family)]->usable_count();
    AddSample(out.in_use, {FamilyLabel(family)}, totals.ports_in_use(family));
    AddSample(out.endpoints, {FamilyLabel(family)},
              static_cast<double>(totals.time_wait_endpoints(family)));
    AddSample(out.destinations, {FamilyLabel(family)},
              static_cast<double>(totals.destination_count(family)));
    if (!shared_port_space) {
      AddSample(out.utilization, {FamilyLabel(family), {"scope", "host"}},
                Utilization(totals.ports_in_use(family), usable));
    }
    AddSample(out.utilization, {FamilyLabel(family), {"scope", "destination"}},
              Utilization(totals.max_destination_sockets(family), usable));
  }
  if (shared_port_space) {
    // Counted over the IPv4 range, which is the shared one.
    const std::uint32_t in_use = totals.PortsInUseAcrossFamilies();
    const std::uint32_t usable =
        ranges[static_cast<std::size_t>(AddressFamily::kIpv4)]->usable_count();
    AddSample(out.in_use, {AllFamiliesLabel()}, in_use);
    AddSample(out.utilization, {AllFamiliesLabel(), {"scope", "host"}},
              Utilization(in_use, usable));
  }
  return out;
}

}  // namespace

std::vector<prometheus::MetricFamily> TcpFamilies(
    const TcpAggregator& totals, const FamilyRangePointers& ranges,
    bool shared_port_space, TcpTopK top) {
  std::vector<prometheus::MetricFamily> out;
  const bool ranges_known =
      std::all_of(ranges.begin(), ranges.end(),
                  [](const EphemeralPortRange* range) { return range; });
  if (!ranges_known) {
    out.push_back(StateCounts(totals, false));
    out.push_back(MaxErrors(totals));
    return out;
  }
  PerFamilyCounts per_family =
      CountPerFamily(totals, ranges, shared_port_space);
  out.push_back(StateCounts(totals, false));
  out.push_back(StateCounts(totals, true));
  out.push_back(std::move(per_family.in_use));
  out.push_back(TopTimeWait(totals, top.endpoints));
  out.push_back(std::move(per_family.endpoints));
  out.push_back(TopDestinations(totals, top.destinations));
  out.push_back(std::move(per_family.destinations));
  out.push_back(MaxErrors(totals));
  out.push_back(std::move(per_family.utilization));
  return out;
}

double PeakUtilization(const TcpAggregator& totals,
                       const FamilyRangePointers& ranges,
                       bool shared_port_space) {
  double peak = 0;
  for (AddressFamily family : kAddressFamilies) {
    const EphemeralPortRange* range = ranges[static_cast<std::size_t>(family)];
    if (!range) continue;
    const std::uint32_t usable = range->usable_count();
    peak = std::max(
        peak, Utilization(totals.max_destination_sockets(family), usable));
    if (!shared_port_space) {
      peak = std::max(peak, Utilization(totals.ports_in_use(family), usable));
    }
  }
  const EphemeralPortRange* shared =
      ranges[static_cast<std::size_t>(AddressFamily::kIpv4)];
  if (shared_port_space && shared) {
    peak = std::max(peak, Utilization(totals.PortsInUseAcrossFamilies(),
                                      shared->usable_count()));
  }
  return peak;
}

}  // namespace portwatch
