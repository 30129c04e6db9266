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
  /// Counts `event` unless it is not a Tcpip event of interest or its
  /// record id was already counted (the log delivers in increasing record
  /// order, so anything not above the highest seen is a repeat). Returns
  /// whether it was counted.
  bool Record(const EventRecord& event);
  /// Counts in kTcpipEventIds order.
  std::array<std::uint64_t, 3> Counts() const;

 private:
  mutable std::mutex mutex_;
  std::array<std::uint64_t, 3> counts_{};
  std::optional<std::uint64_t> highest_record_;
};

/// A live subscription to the System log. One implementation per platform
/// (Windows: EvtSubscribe); a fake in tests.
class EventSubscription {
 public:
  virtual ~EventSubscription() = default;
  /// Subscribes with `query`, delivering each event's XML to `on_event`
  /// from the subscription's threads: events already in the log too when
  /// `from_oldest`, else only future ones. Throws SourceError when the log
  /// cannot be opened (no rights, no service, unsupported).
  virtual void Start(const std::string& query, bool from_oldest,
                     std::function<void(std::string_view xml)> on_event) = 0;
};

/// Collector `tcpip_events`: portwatch_tcpip_events_total{event_id}, every
/// series from start at 0. Subscribes on first use and retries on each
/// scrape until it succeeds; until then it fails (success 0). Owns the
/// subscription.
class TcpipEventsCollector : public Collector {
 public:
  TcpipEventsCollector(std::unique_ptr<EventSubscription> subscription,
                       std::chrono::seconds since);
  void Collect(std::vector<prometheus::MetricFamily>& out) override;

 private:
  std::chrono::seconds since_;
  TcpipEventCounter counter_;
  bool subscribed_ = false;
  // Declared last so it is destroyed (unsubscribed) before the counter its
  // callback writes to.
  std::unique_ptr<EventSubscription> subscription_;
};

}  // namespace portwatch
