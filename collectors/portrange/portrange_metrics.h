#pragma once

#include "collectors/core/metric_spec.h"

namespace portwatch {

// The metrics of collector `portrange` (portrange_collector.cpp), one
// sample per address family; collector `netns` repeats them per namespace.

inline constexpr MetricSpec kEphemeralPortRangeFirst{
    "portwatch_ephemeral_port_range_first",
    "First port of the dynamic (ephemeral) port range.",
    prometheus::MetricType::Gauge,
    {"family"}};

inline constexpr MetricSpec kEphemeralPortRangeLast{
    "portwatch_ephemeral_port_range_last",
    "Last port of the dynamic (ephemeral) port range.",
    prometheus::MetricType::Gauge,
    {"family"}};

inline constexpr MetricSpec kEphemeralPortsReserved{
    "portwatch_ephemeral_ports_reserved",
    "Ports inside the dynamic range that the OS will not hand out (Linux: "
    "net.ipv4.ip_local_reserved_ports; Windows: excluded port ranges, "
    "counted with --collector.portrange.excluded-ranges).",
    prometheus::MetricType::Gauge,
    {"family"}};

inline constexpr MetricSpec kEphemeralPorts{
    "portwatch_ephemeral_ports",
    "Usable ephemeral ports: last - first + 1 - reserved.",
    prometheus::MetricType::Gauge,
    {"family"}};

inline constexpr const MetricSpec* kPortRangeMetrics[] = {
    &kEphemeralPortRangeFirst, &kEphemeralPortRangeLast,
    &kEphemeralPortsReserved, &kEphemeralPorts};

}  // namespace portwatch
