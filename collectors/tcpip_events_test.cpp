#include "tcpip_events.h"

#include <gtest/gtest.h>

#include "socket_source.h"

namespace portwatch {
namespace {

std::string EventXml(const char* provider, int id, int record) {
  return std::string(
             "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/"
             "event'><System><Provider Name='") +
         provider +
         "' Guid='{2f07e2ee-15db-40f1-90ef-9d7ba282188a}'/><EventID "
         "Qualifiers='32768'>" +
         std::to_string(id) + "</EventID><Level>3</Level><EventRecordID>" +
         std::to_string(record) +
         "</EventRecordID><Channel>System</Channel></System></Event>";
}

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
             std::function<void(unsigned long)> on_error) override {
    ++log_.starts;
    if (log_.failures-- > 0) throw SourceError("EvtSubscribe failed: 5");
    log_.query = xpath;
    log_.from_oldest = oldest;
    log_.deliver = std::move(on_event);
    log_.fail = std::move(on_error);
  }

 private:
  FakeLog& log_;
};

EventSubscriptionFactory FactoryFor(FakeLog& log) {
  return [&log] { return std::make_unique<FakeSubscription>(log); };
}

std::array<double, 3> Counts(TcpipEventsCollector& collector) {
  std::vector<prometheus::MetricFamily> out;
  collector.Collect(out);
  EXPECT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type, prometheus::MetricType::Counter);
  std::array<double, 3> counts{};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(out[0].metric[i].label[0].value,
              std::to_string(kTcpipEventIds[i]));
    counts[i] = out[0].metric[i].counter.value;
  }
  return counts;
}

TEST(TcpipEventQueryTest, SelectsTheThreeEventsOfTcpip) {
  EXPECT_EQ(TcpipEventQuery(std::chrono::seconds(0)),
            "*[System[Provider[@Name='Tcpip'] and (EventID=4227 or "
            "EventID=4231 or EventID=4266)]]");
  EXPECT_EQ(TcpipEventQuery(std::chrono::hours(1)),
            "*[System[Provider[@Name='Tcpip'] and (EventID=4227 or "
            "EventID=4231 or EventID=4266) and "
            "TimeCreated[timediff(@SystemTime) <= 3600000]]]");
}

TEST(ParseEventXmlTest, ReadsProviderIdAndRecord) {
  auto event = ParseEventXml(EventXml("Tcpip", 4227, 991));
  ASSERT_TRUE(event);
  EXPECT_EQ(event->provider, "Tcpip");
  EXPECT_EQ(event->event_id, 4227u);
  EXPECT_EQ(event->record_id, 991u);
  event = ParseEventXml(
      "<Event><System><Provider Name=\"Tcpip\"/><EventID>4231</EventID>"
      "<EventRecordID>5</EventRecordID></System></Event>");
  ASSERT_TRUE(event);
  EXPECT_EQ(event->event_id, 4231u);
}

TEST(ParseEventXmlTest, RejectsBrokenXml) {
  for (const char* bad :
       {"", "<Event/>", "<Event><Provider Name='Tcpip'/></Event>",
        "<Event><Provider Name='Tcpip'/><EventID>x</EventID>"
        "<EventRecordID>1</EventRecordID></Event>",
        "<Event><Provider Name='Tcpip'/><EventID>4227</EventID></Event>",
        "<Event><Provider Name='Tcpip'/><EventID>99999999999</EventID>"
        "<EventRecordID>1</EventRecordID></Event>",
        "<Event><Provider Name='Tcpip'/><EventID>4227"}) {
    EXPECT_FALSE(ParseEventXml(bad)) << bad;
  }
}

TEST(TcpipEventCounterTest, CountsOnlyTcpipEventsOfInterest) {
  TcpipEventCounter counter;
  EXPECT_TRUE(counter.Record({"Tcpip", 4227, 10}));
  EXPECT_TRUE(counter.Record({"Tcpip", 4231, 11}));
  EXPECT_FALSE(counter.Record({"Tcpip", 4201, 12}));  // other event
  EXPECT_FALSE(counter.Record({"EventLog", 4266, 13}));
  EXPECT_TRUE(counter.Record({"Microsoft-Windows-Tcpip", 4266, 14}));
  // After the log is cleared record ids restart: still counted.
  EXPECT_TRUE(counter.Record({"Tcpip", 4227, 1}));
  EXPECT_EQ(counter.Counts(), (std::array<std::uint64_t, 3>{2, 1, 1}));
}

TEST(TcpipEventsCollectorTest, SubscribesAtStartAndCountsFromZero) {
  FakeLog log;
  TcpipEventsCollector collector(FactoryFor(log), std::chrono::seconds(0));
  EXPECT_EQ(log.starts, 1);  // before any scrape
  EXPECT_FALSE(log.from_oldest);
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{0, 0, 0}));
  log.deliver(EventXml("Tcpip", 4227, 1));
  log.deliver(EventXml("Tcpip", 4227, 2));
  log.deliver("garbage");
  log.deliver(EventXml("Tcpip", 4266, 3));
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{2, 0, 1}));
  EXPECT_EQ(log.starts, 1);
}

TEST(TcpipEventsCollectorTest, HistoryIsRequestedWithSince) {
  FakeLog log;
  TcpipEventsCollector collector(FactoryFor(log), std::chrono::hours(1));
  EXPECT_TRUE(log.from_oldest);
  EXPECT_NE(log.query.find("timediff(@SystemTime) <= 3600000"),
            std::string::npos);
}

TEST(TcpipEventsCollectorTest, FailsUntilTheLogOpensThenCountsSinceStart) {
  FakeLog log;
  log.failures = 2;
  TcpipEventsCollector collector(FactoryFor(log), std::chrono::seconds(0));
  std::vector<prometheus::MetricFamily> out;
  EXPECT_THROW(collector.Collect(out), SourceError);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{0, 0, 0}));
  EXPECT_EQ(log.starts, 3);
  // The late subscription looks back to the exporter's start.
  EXPECT_TRUE(log.from_oldest);
  EXPECT_NE(log.query.find("timediff"), std::string::npos);
}

TEST(TcpipEventsCollectorTest, ABrokenSubscriptionFailsThenRecountsFresh) {
  FakeLog log;
  TcpipEventsCollector collector(FactoryFor(log), std::chrono::seconds(0));
  auto old_deliver = log.deliver;
  log.deliver(EventXml("Tcpip", 4231, 1));
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{0, 1, 0}));
  log.fail(1717);  // e.g. the EventLog service restarted
  std::vector<prometheus::MetricFamily> out;
  try {
    collector.Collect(out);
    FAIL() << "a broken subscription must fail the scrape";
  } catch (const SourceError& error) {
    EXPECT_NE(std::string(error.what()).find("1717"), std::string::npos);
  }
  // The next scrape subscribes again, looking back to the start; the log
  // replays the old event once, and a late callback of the old
  // subscription no longer counts.
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{0, 0, 0}));
  EXPECT_EQ(log.starts, 2);
  EXPECT_TRUE(log.from_oldest);
  log.deliver(EventXml("Tcpip", 4231, 1));
  old_deliver(EventXml("Tcpip", 4231, 2));
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{0, 1, 0}));
}

}  // namespace
}  // namespace portwatch
