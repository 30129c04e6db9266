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

/// Records the query and hands out the callback; can refuse to start.
class FakeSubscription : public EventSubscription {
 public:
  explicit FakeSubscription(int failures) : failures_(failures) {}
  void Start(const std::string& xpath, bool oldest,
             std::function<void(std::string_view)> on_event) override {
    from_oldest = oldest;
    ++starts;
    if (failures_-- > 0) throw SourceError("EvtSubscribe failed: 5");
    query = xpath;
    deliver = std::move(on_event);
  }
  int starts = 0;
  std::string query;
  bool from_oldest = false;
  std::function<void(std::string_view)> deliver;

 private:
  int failures_;
};

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

TEST(TcpipEventCounterTest, CountsOnceAndOnlyTcpipEventsOfInterest) {
  TcpipEventCounter counter;
  EXPECT_TRUE(counter.Record({"Tcpip", 4227, 10}));
  EXPECT_FALSE(counter.Record({"Tcpip", 4227, 10}));  // repeat
  EXPECT_FALSE(counter.Record({"Tcpip", 4231, 9}));   // older record
  EXPECT_TRUE(counter.Record({"Tcpip", 4231, 11}));
  EXPECT_FALSE(counter.Record({"Tcpip", 4201, 12}));  // other event
  EXPECT_FALSE(counter.Record({"EventLog", 4266, 13}));
  EXPECT_TRUE(counter.Record({"Tcpip", 4266, 14}));
  EXPECT_TRUE(counter.Record({"Tcpip", 4227, 15}));
  EXPECT_EQ(counter.Counts(), (std::array<std::uint64_t, 3>{2, 1, 1}));
}

TEST(TcpipEventsCollectorTest, SeriesStartAtZeroAndCountDeliveredEvents) {
  auto owned = std::make_unique<FakeSubscription>(0);
  FakeSubscription* fake = owned.get();
  TcpipEventsCollector collector(std::move(owned), std::chrono::seconds(0));
  std::vector<prometheus::MetricFamily> out;
  collector.Collect(out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type, prometheus::MetricType::Counter);
  for (const char* id : {"4227", "4231", "4266"}) {
    bool found = false;
    for (const auto& metric : out[0].metric) {
      if (metric.label[0].value == id) {
        found = true;
        EXPECT_EQ(metric.counter.value, 0.0);
      }
    }
    EXPECT_TRUE(found) << id;
  }
  fake->deliver(EventXml("Tcpip", 4227, 1));
  fake->deliver(EventXml("Tcpip", 4227, 2));
  fake->deliver(EventXml("Tcpip", 4227, 2));  // delivered twice
  fake->deliver("garbage");
  fake->deliver(EventXml("Tcpip", 4266, 3));
  out.clear();
  collector.Collect(out);
  EXPECT_EQ(out[0].metric[0].counter.value, 2.0);
  EXPECT_EQ(out[0].metric[1].counter.value, 0.0);
  EXPECT_EQ(out[0].metric[2].counter.value, 1.0);
  EXPECT_EQ(fake->starts, 1);
  EXPECT_NE(fake->query.find("Tcpip"), std::string::npos);
  EXPECT_FALSE(fake->from_oldest);
}

TEST(TcpipEventsCollectorTest, FailsUntilTheLogCanBeOpenedThenRecovers) {
  auto owned = std::make_unique<FakeSubscription>(2);
  FakeSubscription* fake = owned.get();
  TcpipEventsCollector collector(std::move(owned), std::chrono::hours(1));
  std::vector<prometheus::MetricFamily> out;
  EXPECT_THROW(collector.Collect(out), SourceError);
  EXPECT_THROW(collector.Collect(out), SourceError);
  EXPECT_TRUE(out.empty());
  collector.Collect(out);
  EXPECT_EQ(out.size(), 1u);
  EXPECT_EQ(fake->starts, 3);
  EXPECT_NE(fake->query.find("timediff"), std::string::npos);
  EXPECT_TRUE(fake->from_oldest);
}

}  // namespace
}  // namespace portwatch
