#pragma once

#include "collectors/core/metric_spec.h"

namespace portwatch {

// What the exporter says about itself, besides the per-collector scrape
// metrics (collectors/core/scrape_metrics.h): build info, the process_*
// metrics every Prometheus client library publishes (with client_golang's
// names and help), the pages it sent and its web config.

inline constexpr MetricSpec kExporterBuildInfo{
    "portwatch_exporter_build_info",
    "A constant 1 labelled with portwatch's version, revision, the compiler "
    "that built it and the OS it was built for.",
    prometheus::MetricType::Gauge,
    {"version", "revision", "compiler", "os"}};

inline constexpr MetricSpec kProcessCpuSeconds{
    "process_cpu_seconds_total",
    "Total user and system CPU time spent in seconds.",
    prometheus::MetricType::Counter,
    {}};

inline constexpr MetricSpec kProcessResidentMemory{
    "process_resident_memory_bytes",
    "Resident memory size in bytes.",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr MetricSpec kProcessVirtualMemory{
    "process_virtual_memory_bytes",
    "Virtual memory size in bytes.",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr MetricSpec kProcessStartTime{
    "process_start_time_seconds",
    "Start time of the process since unix epoch in seconds.",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr MetricSpec kProcessOpenFds{
    "process_open_fds",
    "Number of open file descriptors (Windows: handles).",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr MetricSpec kProcessMaxFds{
    "process_max_fds",
    "Maximum number of open file descriptors (Windows: handles).",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr MetricSpec kWebMetricsResponses{
    "portwatch_web_metrics_responses_total",
    "Metrics pages sent (200 answers to GET), by Content-Encoding: gzip when "
    "the client accepts it, as Prometheus does.",
    prometheus::MetricType::Counter,
    {"encoding"}};

inline constexpr MetricSpec kWebMetricsResponseBytes{
    "portwatch_web_metrics_response_bytes_total",
    "Bytes of the metrics pages sent, as encoded (the HTTP body), by "
    "Content-Encoding.",
    prometheus::MetricType::Counter,
    {"encoding"}};

inline constexpr MetricSpec kWebConfigLastReloadSuccessful{
    "portwatch_web_config_last_reload_successful",
    "1 if the web config files were usable at the last check, 0 if they are "
    "broken on disk and the previous version is still in use.",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr MetricSpec kWebConfigLastReloadSuccessTimestamp{
    "portwatch_web_config_last_reload_success_timestamp_seconds",
    "Unix time at which the web config in use was loaded.",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr MetricSpec kWebPasswordChecks{
    "portwatch_web_password_checks_total",
    "Basic auth credential checks, by how they were decided: remembered (an "
    "earlier outcome for the same credentials), hashed (bcrypt computed), "
    "busy (no turn to hash in time: 503).",
    prometheus::MetricType::Counter,
    {"outcome"}};

inline constexpr const MetricSpec* kExporterMetrics[] = {
    &kExporterBuildInfo,
    &kProcessCpuSeconds,
    &kProcessResidentMemory,
    &kProcessVirtualMemory,
    &kProcessStartTime,
    &kProcessOpenFds,
    &kProcessMaxFds,
    &kWebMetricsResponses,
    &kWebMetricsResponseBytes,
    &kWebConfigLastReloadSuccessful,
    &kWebConfigLastReloadSuccessTimestamp,
    &kWebPasswordChecks};

}  // namespace portwatch
