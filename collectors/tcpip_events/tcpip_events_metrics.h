#pragma once

#include "collectors/core/metric_spec.h"

namespace portwatch {

// The metric of collector `tcpip_events` (Windows).

inline constexpr MetricSpec kTcpipEvents{
    "portwatch_tcpip_events_total",
    "Tcpip events in the System log since the exporter started (with "
    "--collector.tcpip_events.since, also that much history), each counted "
    "once: 4227 local port still in TIME_WAIT, 4231 no TCP ephemeral port, "
    "4266 no UDP ephemeral port.",
    prometheus::MetricType::Counter,
    {"event_id"}};

inline constexpr const MetricSpec* kTcpipEventsMetrics[] = {&kTcpipEvents};

}  // namespace portwatch
