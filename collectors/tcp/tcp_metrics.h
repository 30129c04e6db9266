#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "collectors/tcp/tcp_aggregator.h"
#include "prometheus/metric_family.h"
#include "sources/port_range/port_range.h"
#include "sources/port_range/port_range_source.h"

namespace portwatch {

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
std::vector<prometheus::MetricFamily> TcpFamilies(
    const TcpAggregator& totals, const FamilyRangePointers& ranges,
    bool shared_port_space, TcpTopK top);

/// The busiest share of one namespace's usable ephemeral ports: the larger
/// of host-wide use and the busiest destination's, over both families.
double PeakUtilization(const TcpAggregator& totals,
                       const FamilyRangePointers& ranges,
                       bool shared_port_space);

}  // namespace portwatch
