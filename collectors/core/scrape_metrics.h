#pragma once

#include "collectors/core/metric_spec.h"

namespace portwatch {

// What every scrape says about each collector (collector_set.cpp).

inline constexpr MetricSpec kScrapeCollectorSuccess{
    "portwatch_scrape_collector_success",
    "Whether the collector succeeded (1) or failed (0) in this scrape; see "
    "the log for why.",
    prometheus::MetricType::Gauge,
    {"collector"}};

inline constexpr MetricSpec kScrapeCollectorDuration{
    "portwatch_scrape_collector_duration_seconds",
    "Time the collector took in this scrape (for one still running at the "
    "deadline, how long it has been running).",
    prometheus::MetricType::Gauge,
    {"collector"}};

inline constexpr MetricSpec kScrapeCollectorTimeout{
    "portwatch_scrape_collector_timeout",
    "1 when the collector was still running at the scrape deadline and was "
    "left out of this scrape (success is 0 then too).",
    prometheus::MetricType::Gauge,
    {"collector"}};

inline constexpr const MetricSpec* kScrapeMetrics[] = {
    &kScrapeCollectorSuccess, &kScrapeCollectorDuration,
    &kScrapeCollectorTimeout};

}  // namespace portwatch
