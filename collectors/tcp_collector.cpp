#include "tcp_collector.h"

#include <spdlog/spdlog.h>

#include <array>
#include <string>

#include "metric_builder.h"
#include "tcp_aggregator.h"

namespace portwatch {
namespace {

constexpr std::array<AddressFamily, kAddressFamilyCount> kFamilies = {
    AddressFamily::kIpv4, AddressFamily::kIpv6};

Label FamilyLabel(AddressFamily family) {
  return {"family", AddressFamilyLabel(family)};
}

// A ratio of used to usable ports; a range with no usable port is full.
double Utilization(std::uint64_t used, std::uint32_t usable) {
  if (usable == 0) return 1.0;
  return static_cast<double>(used) / usable;
}

void AddStateCounts(const TcpAggregator& totals, bool ephemeral,
                    prometheus::MetricFamily& family_out) {
  for (AddressFamily family : kFamilies) {
    for (std::size_t i = 0; i < kTcpStateCount; ++i) {
      const TcpState state = TcpStateAt(i);
      const std::uint64_t count = ephemeral
                                      ? totals.ephemeral_sockets(family, state)
                                      : totals.sockets(family, state);
      AddSample(family_out,
                {FamilyLabel(family), {"state", TcpStateLabel(state)}},
                static_cast<double>(count));
    }
  }
}

}  // namespace

void TcpCollector::Collect(std::vector<prometheus::MetricFamily>& out) {
  // Without the port range only the counts that do not need it are
  // published; the portrange collector reports the failure.
  std::array<EphemeralPortRange, kAddressFamilyCount> range_values;
  std::array<const EphemeralPortRange*, kAddressFamilyCount> ranges = {nullptr,
                                                                       nullptr};
  try {
    for (AddressFamily family : kFamilies) {
      const std::size_t index = static_cast<std::size_t>(family);
      range_values[index] = ranges_.Read(family);
      ranges[index] = &range_values[index];
    }
  } catch (const SourceError& error) {
    ranges = {nullptr, nullptr};
    spdlog::warn(
        "tcp: port range unavailable, publishing only the families that do "
        "not need it: {}",
        error.what());
  }
  const bool have_ranges = ranges[0] != nullptr;
  TcpAggregator totals(ranges, config_.max_tracked_keys);
  sockets_.ForEachSocket(totals);

  auto sockets = GaugeFamily("portwatch_tcp_sockets",
                             "TCP sockets by address family and state.");
  AddStateCounts(totals, false, sockets);
  auto ephemeral = GaugeFamily(
      "portwatch_tcp_ephemeral_sockets",
      "TCP sockets whose local port is a usable ephemeral port, by state.");
  AddStateCounts(totals, true, ephemeral);

  auto in_use = GaugeFamily(
      "portwatch_ephemeral_ports_in_use",
      "Distinct usable ephemeral local ports held by at least one socket.");
  auto endpoints = GaugeFamily(
      "portwatch_tcp_time_wait_remote_endpoints",
      "Distinct remote endpoints with TIME_WAIT sockets (before top-K).");
  auto destinations = GaugeFamily(
      "portwatch_tcp_destinations",
      "Distinct (local address, remote address, remote port) destinations "
      "of sockets on ephemeral ports (before top-K).");
  auto max_error = GaugeFamily(
      "portwatch_tcp_tracking_max_error_sockets",
      "Most that any per-endpoint or per-destination count (and the "
      "destination utilization) may over-state in this scrape because the "
      "table reached --collector.tcp.max-tracked-keys; 0 means exact.");
  AddSample(max_error, {{"table", "time_wait_endpoints"}},
            static_cast<double>(totals.time_wait_max_error()));
  AddSample(max_error, {{"table", "destinations"}},
            static_cast<double>(totals.destination_max_error()));
  auto utilization = GaugeFamily(
      "portwatch_ephemeral_port_utilization_ratio",
      "Share of usable ephemeral ports in use: scope=host counts distinct "
      "ports, scope=destination the busiest destination.");
  for (AddressFamily family : kFamilies) {
    AddSample(endpoints, {FamilyLabel(family)},
              static_cast<double>(totals.time_wait_endpoints(family)));
    if (!have_ranges) continue;
    const std::uint32_t usable =
        ranges[static_cast<std::size_t>(family)]->usable_count();
    AddSample(in_use, {FamilyLabel(family)}, totals.ports_in_use(family));
    AddSample(destinations, {FamilyLabel(family)},
              static_cast<double>(totals.destination_count(family)));
    AddSample(utilization, {FamilyLabel(family), {"scope", "host"}},
              Utilization(totals.ports_in_use(family), usable));
    AddSample(utilization, {FamilyLabel(family), {"scope", "destination"}},
              Utilization(totals.max_destination_sockets(family), usable));
  }

  auto time_wait =
      GaugeFamily("portwatch_tcp_time_wait_sockets",
                  "TIME_WAIT sockets per remote endpoint; only the top "
                  "--collector.tcp.top-endpoints endpoints.");
  for (const auto& [endpoint, count] :
       totals.TopTimeWaitEndpoints(config_.top_endpoints)) {
    AddSample(
        time_wait,
        {FamilyLabel(endpoint.family),
         {"remote_address", FormatAddress(endpoint.family, endpoint.address)},
         {"remote_port", std::to_string(endpoint.port)}},
        static_cast<double>(count));
  }
  auto per_destination = GaugeFamily(
      "portwatch_tcp_destination_ephemeral_sockets",
      "Sockets on usable ephemeral ports per destination; only the top "
      "--collector.tcp.top-destinations destinations.");
  for (const auto& [destination, count] :
       totals.TopDestinations(config_.top_destinations)) {
    AddSample(per_destination,
              {FamilyLabel(destination.family),
               {"local_address",
                FormatAddress(destination.family, destination.local_address)},
               {"remote_address",
                FormatAddress(destination.family, destination.remote_address)},
               {"remote_port", std::to_string(destination.remote_port)}},
              static_cast<double>(count));
  }

  out.push_back(std::move(sockets));
  if (have_ranges) out.push_back(std::move(ephemeral));
  if (have_ranges) out.push_back(std::move(in_use));
  out.push_back(std::move(time_wait));
  out.push_back(std::move(endpoints));
  if (have_ranges) out.push_back(std::move(per_destination));
  if (have_ranges) out.push_back(std::move(destinations));
  out.push_back(std::move(max_error));
  if (have_ranges) out.push_back(std::move(utilization));
}

}  // namespace portwatch
