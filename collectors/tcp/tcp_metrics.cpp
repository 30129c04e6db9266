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

prometheus::MetricFamily StateCounts(const TcpAggregator& aggregate,
                                     bool ephemeral) {
  auto out = NewFamily(ephemeral ? kTcpEphemeralSockets : kTcpSockets);
  for (AddressFamily family : kAddressFamilies) {
    for (std::size_t i = 0; i < kTcpStateCount; ++i) {
      const TcpState state = TcpStateAt(i);
      const std::uint64_t count =
          ephemeral ? aggregate.ephemeral_sockets(family, state)
                    : aggregate.sockets(family, state);
      AddSample(out, {FamilyLabel(family), {"state", TcpStateLabel(state)}},
                static_cast<double>(count));
    }
  }
  return out;
}

prometheus::MetricFamily MaxErrors(const TcpAggregator& aggregate) {
  auto out = NewFamily(kTcpTrackingMaxErrorSockets);
  AddSample(out, {{"table", "time_wait_endpoints"}},
            static_cast<double>(aggregate.time_wait_max_error()));
  AddSample(out, {{"table", "destinations"}},
            static_cast<double>(aggregate.destination_max_error()));
  return out;
}

prometheus::MetricFamily TopTimeWait(const TcpAggregator& aggregate,
                                     std::size_t k) {
  auto out = NewFamily(kTcpTimeWaitSockets);
  for (const auto& [endpoint, count] : aggregate.TopTimeWaitEndpoints(k)) {
    AddSample(
        out,
        {FamilyLabel(endpoint.family),
         {"remote_address", FormatAddress(endpoint.family, endpoint.address)},
         {"remote_port", std::to_string(endpoint.port)}},
        static_cast<double>(count));
  }
  return out;
}

prometheus::MetricFamily TopDestinations(const TcpAggregator& aggregate,
                                         std::size_t k) {
  auto out = NewFamily(kTcpDestinationEphemeralSockets);
  for (const auto& [destination, count] : aggregate.TopDestinations(k)) {
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
struct PerAddressFamilyCounts {
  prometheus::MetricFamily in_use = NewFamily(kEphemeralPortsInUse);
  prometheus::MetricFamily endpoints = NewFamily(kTcpTimeWaitRemoteEndpoints);
  prometheus::MetricFamily destinations = NewFamily(kTcpDestinations);
  prometheus::MetricFamily utilization =
      NewFamily(kEphemeralPortUtilizationRatio);
};

// Ports held by a socket of either family where both share one port space
// (a walk over the range: computed once per aggregation); 0 otherwise.
std::uint32_t SharedPortsInUse(const TcpAggregator& aggregate,
                               bool shared_port_space) {
  return shared_port_space ? aggregate.PortsInUseAcrossFamilies() : 0;
}

// Every utilization sample, in exposition order, as emit(family label,
// scope, ratio); `ranges` are all known. Where the families share one port
// space (Linux), a port held by either is taken for both, so host scope is
// given once for both together (family="all", `shared_in_use` ports);
// otherwise per family.
template <typename Emit>
void ForEachUtilization(const TcpAggregator& aggregate,
                        const AddressFamilyRangePointers& ranges,
                        bool shared_port_space, std::uint32_t shared_in_use,
                        Emit emit) {
  for (AddressFamily family : kAddressFamilies) {
    const std::uint32_t usable =
        ranges[static_cast<std::size_t>(family)]->usable_count();
    if (!shared_port_space) {
      emit(FamilyLabel(family), "host",
           Utilization(aggregate.ports_in_use(family), usable));
    }
    emit(FamilyLabel(family), "destination",
         Utilization(aggregate.max_destination_sockets(family), usable));
  }
  if (shared_port_space) {
    // Counted over the IPv4 range, which is the shared one.
    const std::uint32_t usable =
        ranges[static_cast<std::size_t>(AddressFamily::kIpv4)]->usable_count();
    emit(AllFamiliesLabel(), "host", Utilization(shared_in_use, usable));
  }
}

bool AllKnown(const AddressFamilyRangePointers& ranges) {
  return std::all_of(ranges.begin(), ranges.end(),
                     [](const EphemeralPortRange* range) { return range; });
}

// `ranges` are all known.
PerAddressFamilyCounts CountPerAddressFamily(
    const TcpAggregator& aggregate, const AddressFamilyRangePointers& ranges,
    bool shared_port_space) {
  PerAddressFamilyCounts out;
  const std::uint32_t shared_in_use =
      SharedPortsInUse(aggregate, shared_port_space);
  for (AddressFamily family : kAddressFamilies) {
    AddSample(out.in_use, {FamilyLabel(family)},
              aggregate.ports_in_use(family));
    AddSample(out.endpoints, {FamilyLabel(family)},
              static_cast<double>(aggregate.time_wait_endpoints(family)));
    AddSample(out.destinations, {FamilyLabel(family)},
              static_cast<double>(aggregate.destination_count(family)));
  }
  if (shared_port_space) {
    AddSample(out.in_use, {AllFamiliesLabel()}, shared_in_use);
  }
  ForEachUtilization(aggregate, ranges, shared_port_space, shared_in_use,
                     [&out](Label family, const char* scope, double ratio) {
                       AddSample(out.utilization,
                                 {std::move(family), {"scope", scope}}, ratio);
                     });
  return out;
}

}  // namespace

std::vector<prometheus::MetricFamily> TcpMetricFamilies(
    const TcpAggregator& aggregate, const AddressFamilyRangePointers& ranges,
    bool shared_port_space, TcpTopK top) {
  std::vector<prometheus::MetricFamily> out;
  if (!AllKnown(ranges)) {
    out.push_back(StateCounts(aggregate, false));
    out.push_back(MaxErrors(aggregate));
    return out;
  }
  PerAddressFamilyCounts per_family =
      CountPerAddressFamily(aggregate, ranges, shared_port_space);
  out.push_back(StateCounts(aggregate, false));
  out.push_back(StateCounts(aggregate, true));
  out.push_back(std::move(per_family.in_use));
  out.push_back(TopTimeWait(aggregate, top.endpoints));
  out.push_back(std::move(per_family.endpoints));
  out.push_back(TopDestinations(aggregate, top.destinations));
  out.push_back(std::move(per_family.destinations));
  out.push_back(MaxErrors(aggregate));
  out.push_back(std::move(per_family.utilization));
  return out;
}

double PeakUtilization(const TcpAggregator& aggregate,
                       const AddressFamilyRangePointers& ranges,
                       bool shared_port_space) {
  double peak = 0;
  if (!AllKnown(ranges)) return peak;
  ForEachUtilization(aggregate, ranges, shared_port_space,
                     SharedPortsInUse(aggregate, shared_port_space),
                     [&peak](const Label&, const char*, double ratio) {
                       peak = std::max(peak, ratio);
                     });
  return peak;
}

}  // namespace portwatch
