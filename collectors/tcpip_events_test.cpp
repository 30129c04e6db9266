#include "tcpip_events.h"

#include <gtest/gtest.h>

#include <thread>

#include "socket_source.h"

namespace portwatch {
namespace {

// A SystemTime `second` seconds after 2026-12-02T10:00:00Z (< 1 hour).
std::string TimeAt(int second) {
  const std::string minute = std::to_string(100 + second / 60).substr(1);
  const std::string rest = std::to_string(100 + second % 60).substr(1);
  return "2026-12-02T10:" + minute + ":" + rest + ".1234567Z";
}

// Event XML as EvtRender renders it; by default created `record` seconds
// after 10:00, so later records are newer.
std::string EventXml(const char* provider, int id, int record,
                     const std::string& created = "") {
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

// 2026-12-02T10:00:00Z in nanoseconds since 1970.
constexpr std::int64_t kTenOClockNs = 1796205600LL * 1000000000;

// A parsed event created `second` seconds after 10:00.
EventRecord Event(std::uint32_t id, std::uint64_t record, int second,
                  const char* provider = "Tcpip") {
  return {provider, id, record,
          kTenOClockNs + std::int64_t{second} * 1000000000};
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

TEST(ParseSystemTimeTest, ReadsZeroToNineFractionalDigits) {
  EXPECT_EQ(ParseSystemTime("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseSystemTime("2026-12-02T10:00:00Z"), kTenOClockNs);
  EXPECT_EQ(ParseSystemTime("2026-12-02T10:00:00.5Z"),
            kTenOClockNs + 500000000);
  EXPECT_EQ(ParseSystemTime("2026-12-02T10:00:00.1234567Z"),
            kTenOClockNs + 123456700);
  EXPECT_EQ(ParseSystemTime("2026-12-02T10:00:00.123456789Z"),
            kTenOClockNs + 123456789);
  EXPECT_EQ(ParseSystemTime("2026-12-02T10:00:01.000000001Z"),
            kTenOClockNs + 1000000001);
  EXPECT_EQ(ParseSystemTime("2024-02-29T00:00:00Z"), 1709164800LL * 1000000000);
  EXPECT_EQ(ParseSystemTime("1969-12-31T23:59:59.9Z"), -100000000);
  // A leap second, and the ends of what 64-bit nanoseconds hold.
  EXPECT_EQ(ParseSystemTime("2026-12-02T09:59:60Z"), kTenOClockNs);
  EXPECT_EQ(ParseSystemTime("1678-01-01T00:00:00Z"),
            -9214560000LL * 1000000000);
  EXPECT_EQ(ParseSystemTime("2261-12-31T23:59:59.999999999Z"),
            9214646399LL * 1000000000 + 999999999);
}

TEST(ParseSystemTimeTest, OrdersByTimeNotByText) {
  // As text "...:00.9Z" sorts after "...:00.10Z"; as times it is before.
  EXPECT_GT(*ParseSystemTime("2026-12-02T10:00:00.10Z"),
            *ParseSystemTime("2026-12-02T10:00:00.09Z"));
  EXPECT_LT(*ParseSystemTime("2026-12-02T10:00:00.9Z"),
            *ParseSystemTime("2026-12-02T10:00:01Z"));
}

TEST(ParseSystemTimeTest, RejectsMalformedTimes) {
  for (const char* bad : {"",
                          "Z",
                          "2026-12-02T10:00:00",
                          "2026-12-02T10:00:00.1234567",
                          "2026-12-02T10:00:00.Z",
                          "2026-12-02T10:00:00.1234567890Z",
                          "2026-12-02T10:00:00,5Z",
                          "2026-12-02 10:00:00Z",
                          "2026-12-02T10:00:00+01:00",
                          "2026-12-02T10:00:0xZ",
                          "2026-12-02T10:00:00.12a4Z",
                          "2026-12-02T10:00:00.-1Z",
                          "+026-12-02T10:00:00Z",
                          "2026-12-2T10:00:00Z",
                          "2026-13-02T10:00:00Z",
                          "2026-00-02T10:00:00Z",
                          "2026-02-29T10:00:00Z",
                          "2026-04-31T10:00:00Z",
                          "2026-12-00T10:00:00Z",
                          "2026-12-02T24:00:00Z",
                          "2026-12-02T10:60:00Z",
                          "2026-12-02T10:00:61Z",
                          "1677-12-31T23:59:59Z",
                          "2262-01-01T00:00:00Z",
                          "2026-12-02t10:00:00z"}) {
    EXPECT_EQ(ParseSystemTime(bad), std::nullopt) << bad;
  }
}

TEST(ParseEventXmlTest, ReadsProviderIdRecordAndTime) {
  auto event = ParseEventXml(EventXml("Tcpip", 4227, 991));
  ASSERT_TRUE(event);
  EXPECT_EQ(event->provider, "Tcpip");
  EXPECT_EQ(event->event_id, 4227u);
  EXPECT_EQ(event->record_id, 991u);
  EXPECT_EQ(event->created_ns, *ParseSystemTime(TimeAt(991)));
  event = ParseEventXml(
      "<Event><System><Provider Name=\"Tcpip\"/><EventID>4231</EventID>"
      "<TimeCreated SystemTime=\"2026-12-02T10:00:00Z\" />"
      "<EventRecordID>5</EventRecordID></System></Event>");
  ASSERT_TRUE(event);
  EXPECT_EQ(event->event_id, 4231u);
  EXPECT_EQ(event->created_ns, kTenOClockNs);
}

TEST(ParseEventXmlTest, RejectsBrokenXml) {
  for (const char* bad :
       {"", "<Event/>", "<Event><Provider Name='Tcpip'/></Event>",
        "<Event><Provider Name='Tcpip'/><EventID>x</EventID>"
        "<TimeCreated SystemTime='2026-12-02T10:00:00Z'/>"
        "<EventRecordID>1</EventRecordID></Event>",
        "<Event><Provider Name='Tcpip'/><EventID>4227</EventID>"
        "<TimeCreated SystemTime='2026-12-02T10:00:00Z'/></Event>",
        "<Event><Provider Name='Tcpip'/><EventID>99999999999</EventID>"
        "<TimeCreated SystemTime='2026-12-02T10:00:00Z'/>"
        "<EventRecordID>1</EventRecordID></Event>",
        "<Event><Provider Name='Tcpip'/><EventID>4227",
        "<Event><Provider EventSourceName='Tcpip'/><EventID>4227</EventID>"
        "<TimeCreated SystemTime='2026-12-02T10:00:00Z'/>"
        "<EventRecordID>1</EventRecordID></Event>"}) {
    EXPECT_FALSE(ParseEventXml(bad)) << bad;
  }
}

TEST(ParseEventXmlTest, RejectsAMissingOrMalformedTimeCreated) {
  const std::string good = EventXml("Tcpip", 4227, 7);
  ASSERT_TRUE(ParseEventXml(good));
  const std::string element = "<TimeCreated SystemTime='" + TimeAt(7) + "'/>";
  const std::size_t at = good.find(element);
  ASSERT_NE(at, std::string::npos);
  for (const std::string& replacement :
       {std::string(), std::string("<TimeCreated/>"),
        std::string("<TimeCreated SystemTime=''/>"),
        std::string("<TimeCreated SystemTime='yesterday'/>"),
        std::string("<TimeCreated SystemTime='2026-12-02T10:00:07.1234567'/>"),
        std::string("<TimeCreated SystemTime=2026-12-02T10:00:07Z/>"),
        std::string("<TimeCreated SystemTime='2026-12-02T10:00:07Z/>"),
        std::string("<TimeCreated RawTime='2026-12-02T10:00:07Z'/>"),
        std::string("<TimeCreatedX SystemTime='2026-12-02T10:00:07Z'/>")}) {
    std::string xml = good;
    xml.replace(at, element.size(), replacement);
    EXPECT_FALSE(ParseEventXml(xml)) << replacement;
  }
}

TEST(TcpipEventCounterTest, CountsOnlyTcpipEventsOfInterest) {
  TcpipEventCounter counter;
  EXPECT_TRUE(counter.Record(Event(4227, 10, 1)));
  EXPECT_TRUE(counter.Record(Event(4231, 11, 2)));
  EXPECT_FALSE(counter.Record(Event(4201, 12, 3)));  // other event
  EXPECT_FALSE(counter.Record(Event(4266, 13, 4, "EventLog")));
  EXPECT_TRUE(counter.Record(Event(4266, 14, 5, "Microsoft-Windows-Tcpip")));
  EXPECT_EQ(counter.Counts(), (std::array<std::uint64_t, 3>{1, 1, 1}));
}

TEST(TcpipEventCounterTest, AnEventIsCountedOnceHoweverOftenDelivered) {
  TcpipEventCounter counter;
  EXPECT_TRUE(counter.Record(Event(4227, 10, 1)));
  EXPECT_FALSE(counter.Record(Event(4227, 10, 1)));
  EXPECT_TRUE(counter.Record(Event(4227, 11, 2)));
  // Replays of older records (lower id, not newer) are skipped too.
  EXPECT_FALSE(counter.Record(Event(4227, 10, 1)));
  EXPECT_FALSE(counter.Record(Event(4231, 9, 0)));
  EXPECT_EQ(counter.Counts(), (std::array<std::uint64_t, 3>{2, 0, 0}));
}

TEST(TcpipEventCounterTest, AfterTheLogIsClearedNewerEventsCount) {
  TcpipEventCounter counter;
  EXPECT_TRUE(counter.Record(Event(4227, 990, 10)));
  EXPECT_TRUE(counter.Record(Event(4227, 991, 11)));
  // The System log was cleared: record ids restart at 1, times move on.
  EXPECT_TRUE(counter.Record(Event(4227, 1, 20)));
  EXPECT_TRUE(counter.Record(Event(4231, 2, 21)));
  // ... and a replay of those is still recognised.
  EXPECT_FALSE(counter.Record(Event(4227, 1, 20)));
  EXPECT_FALSE(counter.Record(Event(4231, 2, 21)));
  // A higher record id counts even if the clock went back.
  EXPECT_TRUE(counter.Record(Event(4266, 992, 5)));
  EXPECT_EQ(counter.Counts(), (std::array<std::uint64_t, 3>{3, 1, 1}));
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

TEST(TcpipEventsCollectorTest, ABrokenSubscriptionFailsOnceThenResumes) {
  FakeLog log;
  TcpipEventsCollector collector(FactoryFor(log), std::chrono::seconds(0));
  auto old_deliver = log.deliver;
  auto old_fail = log.fail;
  log.deliver(EventXml("Tcpip", 4231, 1));
  log.deliver(EventXml("Tcpip", 4227, 2));
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{1, 1, 0}));
  log.fail(1717);  // e.g. the EventLog service restarted
  std::vector<prometheus::MetricFamily> out;
  try {
    collector.Collect(out);
    FAIL() << "a broken subscription must fail the scrape";
  } catch (const SourceError& error) {
    EXPECT_NE(std::string(error.what()).find("1717"), std::string::npos);
  }
  // The next scrape subscribes again, looking back to the start, and the
  // counts carry on where they were: no counter reset.
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{1, 1, 0}));
  EXPECT_EQ(log.starts, 2);
  EXPECT_TRUE(log.from_oldest);
  EXPECT_NE(log.query.find("timediff"), std::string::npos);
  // The log replays the old events: not counted again.
  log.deliver(EventXml("Tcpip", 4231, 1));
  log.deliver(EventXml("Tcpip", 4227, 2));
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{1, 1, 0}));
  // An event missed while broken, and a new one, count.
  log.deliver(EventXml("Tcpip", 4227, 3));
  log.deliver(EventXml("Tcpip", 4266, 4));
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{2, 1, 1}));
  // Late callbacks of the closed subscription: a repeat is not counted, and
  // its error does not break the new subscription.
  old_deliver(EventXml("Tcpip", 4266, 4));
  old_fail(1717);
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{2, 1, 1}));
  EXPECT_EQ(log.starts, 2);
}

TEST(TcpipEventsCollectorTest, AClearedLogIsCountedAfterResubscribing) {
  FakeLog log;
  TcpipEventsCollector collector(FactoryFor(log), std::chrono::seconds(0));
  log.deliver(EventXml("Tcpip", 4231, 500));
  log.fail(1717);
  std::vector<prometheus::MetricFamily> out;
  EXPECT_THROW(collector.Collect(out), SourceError);
  // Meanwhile the System log was cleared: the new subscription delivers
  // record ids from 1 again, created after the event counted before.
  log.deliver(EventXml("Tcpip", 4231, 1, TimeAt(600)));
  log.deliver(EventXml("Tcpip", 4231, 2, TimeAt(601)));
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{0, 3, 0}));
  EXPECT_EQ(log.starts, 2);
}

TEST(TcpipEventsCollectorTest, ARepeatedDeliveryIsCountedOnce) {
  FakeLog log;
  TcpipEventsCollector collector(FactoryFor(log), std::chrono::seconds(0));
  log.deliver(EventXml("Tcpip", 4227, 1));
  log.deliver(EventXml("Tcpip", 4227, 1));
  log.deliver(EventXml("Tcpip", 4227, 2));
  log.deliver(EventXml("Tcpip", 4227, 1));
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{2, 0, 0}));
}

TEST(TcpipEventsCollectorTest, AnEventWithABadTimeCreatedIsSkipped) {
  FakeLog log;
  TcpipEventsCollector collector(FactoryFor(log), std::chrono::seconds(0));
  log.deliver(EventXml("Tcpip", 4227, 1, "2026-12-02T10:00:01"));
  log.deliver(EventXml("Tcpip", 4227, 2, "not a time"));
  log.deliver(EventXml("Tcpip", 4227, 3));
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{1, 0, 0}));
}

TEST(TcpipEventsCollectorTest, ConcurrentDeliveriesAndScrapes) {
  // Several Event Log threads deliver the same events in record order (a
  // live subscription and a catch-up replay) while scrapes read: each event
  // counts once and the counts never go down.
  FakeLog log;
  TcpipEventsCollector collector(FactoryFor(log), std::chrono::seconds(0));
  constexpr int kEvents = 300;
  std::vector<std::string> events;
  for (int record = 1; record <= kEvents; ++record) {
    events.push_back(EventXml(
        "Tcpip",
        static_cast<int>(kTcpipEventIds[static_cast<std::size_t>(record % 3)]),
        record));
  }
  std::vector<std::thread> threads;
  for (int thread = 0; thread < 3; ++thread) {
    threads.emplace_back([&log, &events] {
      for (const std::string& xml : events) log.deliver(xml);
    });
  }
  double previous = 0;
  for (int scrape = 0; scrape < 50; ++scrape) {
    const std::array<double, 3> counts = Counts(collector);
    const double total = counts[0] + counts[1] + counts[2];
    EXPECT_GE(total, previous);
    previous = total;
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(Counts(collector), (std::array<double, 3>{100, 100, 100}));
}

}  // namespace
}  // namespace portwatch
