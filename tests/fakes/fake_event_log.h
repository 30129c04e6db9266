#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "sources/tcpip_events/tcpip_event_log.h"

namespace portwatch::fakes {

/// 2026-12-02T10:00:00Z in nanoseconds since 1970.
inline constexpr std::int64_t kTenOClockNs = 1796205600LL * 1000000000;

/// A SystemTime `second` seconds after 2026-12-02T10:00:00Z (< 1 hour).
std::string TimeAt(int second);

/// Event XML as EvtRender renders it; by default created `record` seconds
/// after 10:00, so later records are newer.
std::string EventXml(const char* provider, int id, int record,
                     const std::string& created = "");

/// What the fake subscriptions saw and hand back to the test.
struct FakeLog {
  int failures = 0;  // how many Start calls fail before one succeeds
  int starts = 0;
  std::string query;
  bool from_oldest = false;
  std::function<void(std::string_view)> deliver;
  std::function<void(unsigned long)> fail;
};

/// A subscription that reports to a FakeLog; can refuse to start.
class FakeSubscription : public EventSubscription {
 public:
  explicit FakeSubscription(FakeLog& log) : log_(log) {}
  void Start(const std::string& xpath, bool oldest,
             std::function<void(std::string_view)> on_event,
             std::function<void(unsigned long)> on_error) override;

 private:
  FakeLog& log_;
};

/// Makes FakeSubscriptions that report to `log`.
EventSubscriptionFactory FactoryFor(FakeLog& log);

}  // namespace portwatch::fakes
