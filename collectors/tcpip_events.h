#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "collector.h"

namespace portwatch {

/// The Tcpip System-log events portwatch counts: 4227 (local port still in
/// TIME_WAIT towards the same remote endpoint), 4231 (no TCP ephemeral
/// port), 4266 (no UDP ephemeral port).
inline constexpr std::array<std::uint32_t, 3> kTcpipEventIds = {4227, 4231,
                                                                4266};

/// The Event Log XPath query selecting those events of provider Tcpip, and
/// with `since` > 0 only those created within that window before now.
std::string TcpipEventQuery(std::chrono::seconds since);

/// The fields portwatch needs from one rendered event (EvtRenderEventXml).
struct EventRecord {
  std::string provider;
  std::uint32_t event_id = 0;
  std::uint64_t record_id = 0;
  /// TimeCreated/@SystemTime in nanoseconds since 1970-01-01 UTC.
  std::int64_t created_ns = 0;
};

/// Parses a SystemTime as the Event Log renders it, UTC with 0 to 9
/// fractional digits ("2026-12-02T10:00:00.1234567Z"), to nanoseconds since
/// 1970-01-01 UTC. nullopt when malformed or outside the years 1678..2261
/// (what 64-bit nanoseconds hold).
std::optional<std::int64_t> ParseSystemTime(std::string_view text);

/// Extracts Provider/@Name, EventID, EventRecordID and
/// TimeCreated/@SystemTime from an event's XML; nullopt when any is missing
/// or malformed.
std::optional<EventRecord> ParseEventXml(std::string_view xml);

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

/// A live subscription to the System log. One implementation per platform
/// (Windows: EvtSubscribe); a fake in tests. Closing it (destruction) stops
/// the callbacks.
class EventSubscription {
 public:
  virtual ~EventSubscription() = default;
  /// Subscribes with `query`, delivering each event's XML to `on_event`
  /// from the subscription's threads: events already in the log too when
  /// `from_oldest`, else only future ones. `on_error` reports that the
  /// subscription broke (e.g. the EventLog service restarted). Throws
  /// SourceError when the log cannot be opened (no rights, no service,
  /// unsupported).
  virtual void Start(const std::string& query, bool from_oldest,
                     std::function<void(std::string_view xml)> on_event,
                     std::function<void(unsigned long error)> on_error) = 0;
};

/// Makes a fresh, not yet started subscription.
using EventSubscriptionFactory =
    std::function<std::unique_ptr<EventSubscription>()>;

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

}  // namespace portwatch
