#include "tests/fakes/fake_event_log.h"

#include <memory>
#include <utility>

#include "base/source_error.h"

namespace portwatch::fakes {

std::string TimeAt(int second) {
  const std::string minute = std::to_string(100 + second / 60).substr(1);
  const std::string rest = std::to_string(100 + second % 60).substr(1);
  return "2026-12-02T10:" + minute + ":" + rest + ".1234567Z";
}

std::string EventXml(const char* provider, int id, int record,
                     const std::string& created) {
  return std::string(
             "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/"
             "event'><System><Provider Name='") +
         provider +
         "' Guid='{2f07e2ee-15db-40f1-90ef-9d7ba282188a}' "
         "EventSourceName='Tcpip'/><EventID Qualifiers='32768'>" +
         std::to_string(id) +
         "</EventID><Version>0</Version><Level>3</Level>"
         "<TimeCreated SystemTime='" +
         (created.empty() ? TimeAt(record) : created) + "'/><EventRecordID>" +
         std::to_string(record) +
         "</EventRecordID><Correlation/><Execution ProcessID='4' "
         "ThreadID='88'/><Channel>System</Channel></System></Event>";
}

void FakeSubscription::Start(const std::string& xpath, bool oldest,
                             std::function<void(std::string_view)> on_event,
                             std::function<void(unsigned long)> on_error) {
  ++log_.starts;
  if (log_.failures-- > 0) throw SourceError("EvtSubscribe failed: 5");
  log_.query = xpath;
  log_.from_oldest = oldest;
  log_.deliver = std::move(on_event);
  log_.fail = std::move(on_error);
}

EventSubscriptionFactory FactoryFor(FakeLog& log) {
  return [&log] { return std::make_unique<FakeSubscription>(log); };
}

}  // namespace portwatch::fakes
