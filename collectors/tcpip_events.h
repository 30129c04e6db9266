#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
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
};

/// Extracts Provider/@Name, EventID and EventRecordID from an event's XML;
/// nullopt when any is missing or malformed.
std::optional<EventRecord> ParseEventXml(std::string_view xml);

/// Counts Tcpip events by id. Thread-safe: the Event Log calls Record from
/// its own threads while scrapes read Counts.
class TcpipEventCounter {
 public:
  /// Counts `event` if it is one of kTcpipEventIds from provider Tcpip;
  /// returns whether it was counted. Each delivery is one event: the Event
  /// Log delivers every matching record once per subscription.
  bool Record(const EventRecord& event);
  /// Counts in kTcpipEventIds order.
  std::array<std::uint64_t, 3> Counts() const;

 private:
  mutable std::mutex mutex_;
  std::array<std::uint64_t, 3> counts_{};
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
/// (plus `since` of history). Subscribes at construction; if that fails or
/// the subscription later breaks, the scrape fails (success 0) and the next
/// scrape subscribes again with a fresh counter that recounts every event
/// since the exporter started, so nothing is missed or counted twice (the
/// counter may restart, which Prometheus treats as a counter reset).
class TcpipEventsCollector : public Collector {
 public:
  TcpipEventsCollector(EventSubscriptionFactory make_subscription,
                       std::chrono::seconds since);
  void Collect(std::vector<prometheus::MetricFamily>& out) override;

 private:
  /// What one subscription's callbacks write; shared with them so a late
  /// callback never touches a destroyed collector.
  struct Delivery {
    TcpipEventCounter counter;
    std::atomic<bool> broken{false};
    std::atomic<unsigned long> error{0};
  };

  /// Subscribes with a fresh counter; `catch_up` looks back to the start.
  void Subscribe(bool catch_up);

  EventSubscriptionFactory make_subscription_;
  std::chrono::seconds since_;
  std::chrono::steady_clock::time_point started_;
  std::shared_ptr<Delivery> delivery_;
  // Declared last: destroyed (unsubscribed) first.
  std::unique_ptr<EventSubscription> subscription_;
};

}  // namespace portwatch
