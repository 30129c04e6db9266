#include "sources/tcpip_events/event_subscription_windows.h"

#include <spdlog/spdlog.h>
#include <windows.h>
#include <winevt.h>

#include <string>
#include <vector>

#include "base/log_line.h"
#include "base/source_error.h"
#include "base/wide_text_windows.h"

namespace portwatch {
namespace {

// Runs on the Event Log's thread: nothing may escape into it.
DWORD WINAPI OnEvent(EVT_SUBSCRIBE_NOTIFY_ACTION action, PVOID context,
                     EVT_HANDLE event) {
  auto* subscription = static_cast<WindowsEventSubscription*>(context);
  try {
    if (action == EvtSubscribeActionError) {
      subscription->Fail(
          static_cast<unsigned long>(reinterpret_cast<ULONG_PTR>(event)));
    } else {
      subscription->Deliver(event);
    }
  } catch (const std::exception& error) {
    spdlog::error(LogLine("event callback failed",
                          {{"source", "eventlog"}, {"err", error.what()}}));
  } catch (...) {
    spdlog::error(LogLine("event callback failed",
                          {{"source", "eventlog"}, {"err", "unknown"}}));
  }
  return ERROR_SUCCESS;
}

}  // namespace

WindowsEventSubscription::~WindowsEventSubscription() {
  if (handle_ != nullptr) EvtClose(static_cast<EVT_HANDLE>(handle_));
}

void WindowsEventSubscription::Start(
    const std::string& query, bool from_oldest,
    std::function<void(std::string_view xml)> on_event,
    std::function<void(unsigned long error)> on_error) {
  on_event_ = std::move(on_event);
  on_error_ = std::move(on_error);
  const std::wstring wide_query = Widen(query);
  EVT_HANDLE handle = EvtSubscribe(nullptr, nullptr, L"System",
                                   wide_query.c_str(), nullptr, this, OnEvent,
                                   from_oldest ? EvtSubscribeStartAtOldestRecord
                                               : EvtSubscribeToFutureEvents);
  if (handle == nullptr) {
    throw SourceError(
        "cannot subscribe to the System event log: EvtSubscribe "
        "failed with error " +
        std::to_string(GetLastError()) +
        " (the account needs Event Log Readers rights and the "
        "EventLog service must run)");
  }
  handle_ = handle;
}

void WindowsEventSubscription::Fail(unsigned long error) {
  spdlog::warn(
      LogLine("the Event Log reported an error",
              {{"source", "eventlog"}, {"err", std::to_string(error)}}));
  on_error_(error);
}

void WindowsEventSubscription::Deliver(void* event) {
  std::vector<wchar_t> buffer(4096);
  DWORD used = 0;
  DWORD properties = 0;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const DWORD bytes = static_cast<DWORD>(buffer.size() * sizeof(wchar_t));
    if (EvtRender(nullptr, static_cast<EVT_HANDLE>(event), EvtRenderEventXml,
                  bytes, buffer.data(), &used, &properties)) {
      on_event_(Narrow(buffer.data()));
      return;
    }
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER) break;
    buffer.resize(used / sizeof(wchar_t) + 1);
  }
  spdlog::warn(LogLine(
      "EvtRender failed",
      {{"source", "eventlog"}, {"err", std::to_string(GetLastError())}}));
}

}  // namespace portwatch
