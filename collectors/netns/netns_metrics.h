#pragma once

#include "collectors/core/metric_spec.h"
#include "collectors/portrange/portrange_metrics.h"
#include "collectors/tcp/tcp_metrics.h"

namespace portwatch {

// The metrics of collector `netns`: the portrange and tcp metrics of every
// namespace under names of their own (labels: kNamespaceLabelNames, then
// the original's), and what the collector says about the namespaces.

inline constexpr ScopedMetricSpec kNetnsEphemeralPortRangeFirst{
    "portwatch_netns_ephemeral_port_range_first", &kEphemeralPortRangeFirst};
inline constexpr ScopedMetricSpec kNetnsEphemeralPortRangeLast{
    "portwatch_netns_ephemeral_port_range_last", &kEphemeralPortRangeLast};
inline constexpr ScopedMetricSpec kNetnsEphemeralPortsReserved{
    "portwatch_netns_ephemeral_ports_reserved", &kEphemeralPortsReserved};
inline constexpr ScopedMetricSpec kNetnsEphemeralPorts{
    "portwatch_netns_ephemeral_ports", &kEphemeralPorts};
inline constexpr ScopedMetricSpec kNetnsTcpSockets{
    "portwatch_netns_tcp_sockets", &kTcpSockets};
inline constexpr ScopedMetricSpec kNetnsTcpEphemeralSockets{
    "portwatch_netns_tcp_ephemeral_sockets", &kTcpEphemeralSockets};
inline constexpr ScopedMetricSpec kNetnsEphemeralPortsInUse{
    "portwatch_netns_ephemeral_ports_in_use", &kEphemeralPortsInUse};
inline constexpr ScopedMetricSpec kNetnsTcpTimeWaitSockets{
    "portwatch_netns_tcp_time_wait_sockets", &kTcpTimeWaitSockets};
inline constexpr ScopedMetricSpec kNetnsTcpTimeWaitRemoteEndpoints{
    "portwatch_netns_tcp_time_wait_remote_endpoints",
    &kTcpTimeWaitRemoteEndpoints};
inline constexpr ScopedMetricSpec kNetnsTcpDestinationEphemeralSockets{
    "portwatch_netns_tcp_destination_ephemeral_sockets",
    &kTcpDestinationEphemeralSockets};
inline constexpr ScopedMetricSpec kNetnsTcpDestinations{
    "portwatch_netns_tcp_destinations", &kTcpDestinations};
inline constexpr ScopedMetricSpec kNetnsTcpTrackingMaxErrorSockets{
    "portwatch_netns_tcp_tracking_max_error_sockets",
    &kTcpTrackingMaxErrorSockets};
inline constexpr ScopedMetricSpec kNetnsEphemeralPortUtilizationRatio{
    "portwatch_netns_ephemeral_port_utilization_ratio",
    &kEphemeralPortUtilizationRatio};

/// Every per-namespace copy; ScopedFamilies looks families up here.
inline constexpr ScopedMetricSpec kNetnsScopedMetrics[] = {
    kNetnsEphemeralPortRangeFirst,
    kNetnsEphemeralPortRangeLast,
    kNetnsEphemeralPortsReserved,
    kNetnsEphemeralPorts,
    kNetnsTcpSockets,
    kNetnsTcpEphemeralSockets,
    kNetnsEphemeralPortsInUse,
    kNetnsTcpTimeWaitSockets,
    kNetnsTcpTimeWaitRemoteEndpoints,
    kNetnsTcpDestinationEphemeralSockets,
    kNetnsTcpDestinations,
    kNetnsTcpTrackingMaxErrorSockets,
    kNetnsEphemeralPortUtilizationRatio,
};

/// Prefixes the help of every per-namespace copy.
inline constexpr char kNetnsHelpPrefix[] = "Per network namespace: ";

inline constexpr MetricSpec kNetnsNamespaces{
    "portwatch_netns_namespaces",
    "Network namespaces found this scrape, by what became of them: read, "
    "failed (error logged), vanished (gone before it was entered), over_cap "
    "(beyond --collector.netns.max-namespaces, not read) or deadline (not "
    "reached before the scrape deadline, not read).",
    prometheus::MetricType::Gauge,
    {"result"}};

inline constexpr MetricSpec kNetnsUnreadableProcesses{
    "portwatch_netns_unreadable_processes",
    "Processes whose network namespace could not be read (permission "
    "denied); their namespaces may be missing.",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr MetricSpec kNetnsExporterNamespaceInfo{
    "portwatch_netns_exporter_namespace_info",
    "Constant 1, labelled with the inode of the network namespace the "
    "exporter runs in: the one collectors tcp and portrange report, so rules "
    "can leave it out of the per-namespace series.",
    prometheus::MetricType::Gauge,
    {"netns"}};

inline constexpr const MetricSpec* kNetnsMetrics[] = {
    &kNetnsNamespaces, &kNetnsUnreadableProcesses,
    &kNetnsExporterNamespaceInfo};

}  // namespace portwatch
