#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "collectors/core/metric_spec.h"
#include "collectors/tcp/tcp_aggregator.h"
#include "prometheus/metric_family.h"
#include "sources/port_range/port_range.h"
#include "sources/port_range/port_range_source.h"

namespace portwatch {

// The metrics of collector `tcp`, in exposition order; collector `netns`
// repeats them per namespace.

inline constexpr MetricSpec kTcpSockets{
    "portwatch_tcp_sockets",
    "TCP sockets by address family and state.",
    prometheus::MetricType::Gauge,
    {"family", "state"}};

inline constexpr MetricSpec kTcpEphemeralSockets{
    "portwatch_tcp_ephemeral_sockets",
    "TCP sockets whose local port is a usable ephemeral port, by state.",
    prometheus::MetricType::Gauge,
    {"family", "state"}};

inline constexpr MetricSpec kEphemeralPortsInUse{
    "portwatch_ephemeral_ports_in_use",
    "Distinct usable ephemeral local ports held by at least one socket; "
    "family=all: by a socket of either family, where both share one port "
    "space (Linux).",
    prometheus::MetricType::Gauge,
    {"family"}};

inline constexpr MetricSpec kTcpTimeWaitSockets{
    "portwatch_tcp_time_wait_sockets",
    "TIME_WAIT sockets on usable ephemeral local ports (client side) per "
    "remote endpoint; only the top --collector.tcp.top-endpoints endpoints.",
    prometheus::MetricType::Gauge,
    {"family", "remote_address", "remote_port"}};

inline constexpr MetricSpec kTcpTimeWaitRemoteEndpoints{
    "portwatch_tcp_time_wait_remote_endpoints",
    "Distinct remote endpoints with TIME_WAIT sockets on usable ephemeral "
    "local ports (before top-K).",
    prometheus::MetricType::Gauge,
    {"family"}};

inline constexpr MetricSpec kTcpDestinationEphemeralSockets{
    "portwatch_tcp_destination_ephemeral_sockets",
    "Sockets on usable ephemeral ports per destination; only the top "
    "--collector.tcp.top-destinations destinations.",
    prometheus::MetricType::Gauge,
    {"family", "local_address", "remote_address", "remote_port"}};

inline constexpr MetricSpec kTcpDestinations{
    "portwatch_tcp_destinations",
    "Distinct (local address, remote address, remote port) destinations of "
    "sockets on ephemeral ports (before top-K).",
    prometheus::MetricType::Gauge,
    {"family"}};

inline constexpr MetricSpec kTcpTrackingMaxErrorSockets{
    "portwatch_tcp_tracking_max_error_sockets",
    "Most that any per-endpoint or per-destination count (and the "
    "destination utilization) may over-state in this scrape because the "
    "table reached --collector.tcp.max-tracked-keys; 0 means exact.",
    prometheus::MetricType::Gauge,
    {"table"}};

inline constexpr MetricSpec kEphemeralPortUtilizationRatio{
    "portwatch_ephemeral_port_utilization_ratio",
    "Share of usable ephemeral ports in use: scope=host counts distinct "
    "ports (family=all where both families share one port space), "
    "scope=destination the busiest destination.",
    prometheus::MetricType::Gauge,
    {"family", "scope"}};

inline constexpr MetricSpec kTcpSocketSourceInfo{
    "portwatch_tcp_socket_source_info",
    "The OS interface the socket table was read through at this scrape "
    "(netlink: sock_diag; procfs: /proc/net/tcp and tcp6, after netlink was "
    "found unavailable or by --collector.tcp.source; iphlpapi: "
    "GetExtendedTcpTable), always 1",
    prometheus::MetricType::Gauge,
    {"source"}};

inline constexpr const MetricSpec* kTcpMetrics[] = {
    &kTcpSockets,
    &kTcpEphemeralSockets,
    &kEphemeralPortsInUse,
    &kTcpTimeWaitSockets,
    &kTcpTimeWaitRemoteEndpoints,
    &kTcpDestinationEphemeralSockets,
    &kTcpDestinations,
    &kTcpTrackingMaxErrorSockets,
    &kEphemeralPortUtilizationRatio,
    &kTcpSocketSourceInfo};

/// How many rows of the per-key tables to publish.
struct TcpTopK {
  std::size_t endpoints = 20;
  std::size_t destinations = 20;
};

/// The families of collector `tcp` from one aggregation, in exposition
/// order. With every range known: per-state and ephemeral counts, ports in
/// use, the TIME_WAIT and destination tables, the tracking error and the
/// utilization ratios (host scope once as family="all" where the families
/// share one port space). With any range null: only what needs no range
/// (sockets per state, the tracking error).
std::vector<prometheus::MetricFamily> TcpMetricFamilies(
    const TcpAggregator& aggregate, const AddressFamilyRangePointers& ranges,
    bool shared_port_space, TcpTopK top);

/// The busiest share of one namespace's usable ephemeral ports: the
/// highest utilization ratio TcpMetricFamilies publishes (host-wide use or the
/// busiest destination's, over both families); 0 when a range is unknown.
double PeakUtilization(const TcpAggregator& aggregate,
                       const AddressFamilyRangePointers& ranges,
                       bool shared_port_space);

}  // namespace portwatch
