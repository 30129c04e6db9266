#pragma once

#include <array>

#include "collectors/core/metric_spec.h"
#include "sources/conntrack/conntrack_stats.h"

namespace portwatch {

// The metrics of collector `conntrack` (Linux): the table's fill and the
// kernel's per-CPU counters summed, named as `conntrack -S` names them.

inline constexpr MetricSpec kConntrackEntries{
    "portwatch_conntrack_entries",
    "Connections in the conntrack table (nf_conntrack_count).",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr MetricSpec kConntrackEntriesLimit{
    "portwatch_conntrack_entries_limit",
    "Connections the conntrack table may hold (nf_conntrack_max); at the "
    "limit new connections evict others (early_drop) or are dropped.",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr MetricSpec kConntrackBuckets{
    "portwatch_conntrack_buckets",
    "Hash buckets of the conntrack table (nf_conntrack_buckets).",
    prometheus::MetricType::Gauge,
    {}};

inline constexpr MetricSpec kConntrackStatsSourceInfo{
    "portwatch_conntrack_stats_source_info",
    "Where this scrape read the conntrack counters, always 1: netlink "
    "(ctnetlink, needs CAP_NET_ADMIN) or procfs (/proc/net/stat/nf_conntrack).",
    prometheus::MetricType::Gauge,
    {"source"}};

inline constexpr MetricSpec kConntrackFound{
    "portwatch_conntrack_found_total",
    "Packets whose connection was found in the table.",
    prometheus::MetricType::Counter,
    {}};

inline constexpr MetricSpec kConntrackInvalid{
    "portwatch_conntrack_invalid_total",
    "Packets conntrack could not track (malformed, or out of window for TCP).",
    prometheus::MetricType::Counter,
    {}};

inline constexpr MetricSpec kConntrackInsert{
    "portwatch_conntrack_insert_total",
    "Connections inserted into the table.",
    prometheus::MetricType::Counter,
    {}};

inline constexpr MetricSpec kConntrackInsertFailed{
    "portwatch_conntrack_insert_failed_total",
    "Connections that could not be inserted into the table: with NAT, mostly "
    "no free source port for the NAT tuple (the packet is dropped).",
    prometheus::MetricType::Counter,
    {}};

inline constexpr MetricSpec kConntrackDrop{
    "portwatch_conntrack_drop_total",
    "Packets dropped because their connection could not be tracked (insert "
    "failed, or no memory).",
    prometheus::MetricType::Counter,
    {}};

inline constexpr MetricSpec kConntrackEarlyDrop{
    "portwatch_conntrack_early_drop_total",
    "Connections evicted to make room when the table was full "
    "(nf_conntrack_max).",
    prometheus::MetricType::Counter,
    {}};

inline constexpr MetricSpec kConntrackError{
    "portwatch_conntrack_error_total",
    "ICMP(v6) errors conntrack could not match to a connection (icmp_error).",
    prometheus::MetricType::Counter,
    {}};

inline constexpr MetricSpec kConntrackSearchRestart{
    "portwatch_conntrack_search_restart_total",
    "Table lookups restarted because a hash resize or a concurrent change "
    "interrupted them.",
    prometheus::MetricType::Counter,
    {}};

inline constexpr MetricSpec kConntrackClashResolve{
    "portwatch_conntrack_clash_resolve_total",
    "Insert clashes (two packets of one new connection, e.g. UDP DNS over two "
    "CPUs) resolved without a drop.",
    prometheus::MetricType::Counter,
    {}};

inline constexpr MetricSpec kConntrackChainTooLong{
    "portwatch_conntrack_chaintoolong_total",
    "Inserts refused because a hash chain grew too long (a sign of too few "
    "buckets or a hash flood).",
    prometheus::MetricType::Counter,
    {}};

/// The counter metric of each ConntrackCounter, in its order.
inline constexpr std::array<const MetricSpec*, kConntrackCounterCount>
    kConntrackCounterMetrics = {
        &kConntrackFound,        &kConntrackInvalid,
        &kConntrackInsert,       &kConntrackInsertFailed,
        &kConntrackDrop,         &kConntrackEarlyDrop,
        &kConntrackError,        &kConntrackSearchRestart,
        &kConntrackClashResolve, &kConntrackChainTooLong,
};

inline constexpr const MetricSpec* kConntrackMetrics[] = {
    &kConntrackEntries,      &kConntrackEntriesLimit,
    &kConntrackBuckets,      &kConntrackStatsSourceInfo,
    &kConntrackFound,        &kConntrackInvalid,
    &kConntrackInsert,       &kConntrackInsertFailed,
    &kConntrackDrop,         &kConntrackEarlyDrop,
    &kConntrackError,        &kConntrackSearchRestart,
    &kConntrackClashResolve, &kConntrackChainTooLong,
};

}  // namespace portwatch
