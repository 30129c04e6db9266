#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

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

}  // namespace portwatch
