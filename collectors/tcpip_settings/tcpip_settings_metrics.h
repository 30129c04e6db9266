#pragma once

#include "collectors/core/metric_spec.h"

namespace portwatch {

// The metrics of collector `tcpip_settings` (Windows), each with a sample
// only when the registry value is set.

inline constexpr MetricSpec kWindowsTcpTimedWaitDelay{
    "portwatch_windows_tcp_timed_wait_delay_seconds",
    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\"
    "TcpTimedWaitDelay: how long closed connections stay in TIME_WAIT. No "
    "sample when the value is not set (the OS default applies).",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr MetricSpec kWindowsMaxUserPort{
    "portwatch_windows_max_user_port",
    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\"
    "MaxUserPort (pre-Vista dynamic range limit). No sample when the value "
    "is not set.",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr const MetricSpec* kTcpipSettingsMetrics[] = {
    &kWindowsTcpTimedWaitDelay, &kWindowsMaxUserPort};

}  // namespace portwatch
