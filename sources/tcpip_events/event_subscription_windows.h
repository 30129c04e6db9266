#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "sources/tcpip_events/tcpip_event_log.h"

namespace portwatch {

/// A push subscription to the System log through EvtSubscribe: the Event
/// Log service calls back on its own thread for every matching event,
/// which is rendered to XML (EvtRender) and handed on. Closes the
/// subscription in the destructor. Owns the callback.
class WindowsEventSubscription : public EventSubscription {
 public:
  WindowsEventSubscription() = default;
  ~WindowsEventSubscription() override;
  WindowsEventSubscription(const WindowsEventSubscription&) = delete;
  WindowsEventSubscription& operator=(const WindowsEventSubscription&) = delete;

  void Start(const std::string& query, bool from_oldest,
             std::function<void(std::string_view xml)> on_event,
             std::function<void(unsigned long error)> on_error) override;

  /// Called by the Event Log for each event.
  void Deliver(void* event);
  /// Called by the Event Log when the subscription breaks.
  void Fail(unsigned long error);

 private:
  std::function<void(std::string_view)> on_event_;
  std::function<void(unsigned long)> on_error_;
  void* handle_ = nullptr;  // EVT_HANDLE
};

}  // namespace portwatch
