#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>

#include "collectors/core/collector.h"
#include "collectors/core/collector_definition.h"
#include "sources/tcpip_events/tcpip_event_log.h"

namespace portwatch {

/// Counts Tcpip events by id, each event once however often the Event Log
/// delivers it (a re-subscription replays old events). An event is new when
/// its record id is above the highest counted so far, or when it was
/// created after the newest event counted so far (clearing the System log
/// restarts record ids at 1); anything else is a replay and is skipped.
/// Thread-safe: the Event Log calls Record from its own threads while
/// scrapes read Counts.
class TcpipEventCounter {
 public:
  /// Counts `event` if it is one of kTcpipEventIds from provider Tcpip and
  /// not a replay; returns whether it was counted.
  bool Record(const EventRecord& event);
  /// Counts in kTcpipEventIds order.
  std::array<std::uint64_t, 3> Counts() const;

 private:
  mutable std::mutex mutex_;
  std::array<std::uint64_t, 3> counts_{};
  // The high-water mark of what was counted (record ids start at 1).
  std::uint64_t highest_record_id_ = 0;
  std::int64_t newest_created_ns_ = std::numeric_limits<std::int64_t>::min();
};

/// Collector `tcpip_events`: portwatch_tcpip_events_total{event_id}, every
/// series from start at 0, counting events since the exporter started
/// (plus `since` of history). The counts belong to the collector, so they
/// only ever grow for the process lifetime. Subscribes at construction; if
/// that fails or the subscription later breaks, the scrape fails (success
/// 0) and the next scrape subscribes again, looking back to the exporter's
/// start: events missed meanwhile are counted, events already counted are
/// recognised (TcpipEventCounter) and skipped.
class TcpipEventsCollector : public Collector {
 public:
  TcpipEventsCollector(EventSubscriptionFactory make_subscription,
                       std::chrono::seconds since);
  void Collect(std::vector<prometheus::MetricFamily>& out) override;

 private:
  /// What one subscription's callbacks touch: the collector's counter and
  /// whether this subscription broke. Shared with them, so a late callback
  /// never touches a destroyed object, and per subscription, so a late
  /// error of a closed one does not mark its successor broken.
  struct Delivery {
    explicit Delivery(std::shared_ptr<TcpipEventCounter> shared_counter)
        : counter(std::move(shared_counter)) {}
    std::shared_ptr<TcpipEventCounter> counter;
    std::atomic<bool> broken{false};
    std::atomic<unsigned long> error{0};
  };

  /// Subscribes into counter_; `catch_up` looks back to the start.
  void Subscribe(bool catch_up);

  EventSubscriptionFactory make_subscription_;
  std::chrono::seconds since_;
  std::chrono::steady_clock::time_point started_;
  // Every event counted since start, across subscriptions.
  std::shared_ptr<TcpipEventCounter> counter_;
  std::shared_ptr<Delivery> delivery_;
  // Declared last: destroyed (unsubscribed) first.
  std::unique_ptr<EventSubscription> subscription_;
};

/// Registers collector `tcpip_events` and its flag
/// --collector.tcpip_events.since, subscribing through `make_subscription`
/// (Windows: EvtSubscribe; fakes in tests). `since` receives the flag.
CollectorDefinition TcpipEventsCollectorDefinition(
    EventSubscriptionFactory make_subscription,
    std::shared_ptr<std::chrono::seconds> since =
        std::make_shared<std::chrono::seconds>(0));

}  // namespace portwatch
