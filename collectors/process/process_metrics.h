#pragma once

#include "collectors/core/metric_spec.h"

namespace portwatch {

// The metrics of collector `process`. The per-process and unowned counts
// come in two variants: over sockets on usable ephemeral ports, or, while
// the port range cannot be read, over every TCP socket.

inline constexpr MetricSpec kProcessEphemeralSockets{
    "portwatch_process_ephemeral_sockets",
    "Sockets on usable ephemeral ports held by a process, by family and "
    "state; only the top --collector.process.top-processes processes and "
    "their non-zero states.",
    prometheus::MetricType::Gauge,
    {"pid", "process", "services", "netns", "family", "state"}};

inline constexpr MetricSpec kProcessSockets{
    "portwatch_process_sockets",
    "TCP sockets (published instead of portwatch_process_ephemeral_sockets "
    "while the port range cannot be read) held by a process, by family and "
    "state; only the top --collector.process.top-processes processes and "
    "their non-zero states.",
    prometheus::MetricType::Gauge,
    {"pid", "process", "services", "netns", "family", "state"}};

inline constexpr MetricSpec kProcessUnownedEphemeralSockets{
    "portwatch_process_unowned_ephemeral_sockets",
    "Sockets on usable ephemeral ports that no process holds, by family and "
    "state: TIME_WAIT always (the OS keeps it after close), and sockets of "
    "processes that could not be read.",
    prometheus::MetricType::Gauge,
    {"family", "state"}};

inline constexpr MetricSpec kProcessUnownedSockets{
    "portwatch_process_unowned_sockets",
    "TCP sockets (while the port range cannot be read) that no process "
    "holds, by family and state: TIME_WAIT always (the OS keeps it after "
    "close), and sockets of processes that could not be read.",
    prometheus::MetricType::Gauge,
    {"family", "state"}};

inline constexpr MetricSpec kProcessUntrackedSockets{
    "portwatch_process_untracked_sockets",
    "Sockets on ephemeral ports not matched to processes because "
    "--collector.process.max-tracked-sockets was reached; 0 means every "
    "socket was considered.",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr MetricSpec kProcessScannedProcesses{
    "portwatch_process_scanned_processes",
    "Processes whose open files were read this scrape (result=read), or "
    "could not be (result=denied: their sockets count as unowned).",
    prometheus::MetricType::Gauge,
    {"result"}};

inline constexpr const MetricSpec* kProcessMetrics[] = {
    &kProcessEphemeralSockets,        &kProcessSockets,
    &kProcessUnownedEphemeralSockets, &kProcessUnownedSockets,
    &kProcessUntrackedSockets,        &kProcessScannedProcesses};

}  // namespace portwatch
