#pragma once

#include "collectors/core/metric_spec.h"

namespace portwatch {

// The metrics of collector `connect_failures`. They are named for what the
// kernel counts, port allocation failures (connect() and bind()), as the
// alerts and dashboards know them; the collector is named for what users
// see fail.

inline constexpr MetricSpec kPortAllocationFailures{
    "portwatch_port_allocation_failures_total",
    "TCP calls that found no free local port, counted in the kernel as they "
    "happen: connect() returning EADDRNOTAVAIL because no ephemeral port was "
    "free towards its destination, bind() to port 0 returning EADDRINUSE.",
    prometheus::MetricType::Counter,
    {"family", "operation", "errno"}};

inline constexpr MetricSpec kPortAllocationFailuresByDestination{
    "portwatch_port_allocation_failures_by_destination_total",
    "connect() calls that found no free local port, per network namespace "
    "and destination, for the destinations failing most recently; "
    "remote_address=\"other\": failures of destinations not tracked.",
    prometheus::MetricType::Counter,
    {"netns", "family", "remote_address", "remote_port"}};

inline constexpr MetricSpec kPortAllocationFailuresByProcess{
    "portwatch_port_allocation_failures_by_process_total",
    "connect() and bind() calls that found no free local port, per process "
    "name (and pid with --collector.connect_failures.pid) and network "
    "namespace, for the processes failing most recently; process=\"other\": "
    "failures of processes not tracked.",
    prometheus::MetricType::Counter,
    {"netns", "process", "pid"}};

inline constexpr MetricSpec kPortAllocationFailuresByNetns{
    "portwatch_port_allocation_failures_by_netns_total",
    "connect() and bind() calls that found no free local port, per network "
    "namespace (with its name, container and pod where known), for the "
    "namespaces failing most recently; netns=\"other\": failures of "
    "namespaces not tracked.",
    prometheus::MetricType::Counter,
    {"netns", "netns_name", "container_id", "pod_uid"}};

inline constexpr MetricSpec kPortAllocationFailureKeys{
    "portwatch_port_allocation_failure_keys",
    "Distinct destinations, processes and namespaces with failures the "
    "exporter tracks (before top-K; at most "
    "--collector.connect_failures.max-tracked-keys each).",
    prometheus::MetricType::Gauge,
    {"breakdown"}};

inline constexpr const MetricSpec* kConnectFailuresMetrics[] = {
    &kPortAllocationFailures, &kPortAllocationFailuresByDestination,
    &kPortAllocationFailuresByProcess, &kPortAllocationFailuresByNetns,
    &kPortAllocationFailureKeys};

}  // namespace portwatch
