#include "collectors/tcpip_events/tcpip_events_collector.h"

#include <gtest/gtest.h>

#include <thread>

#include "base/source_error.h"
#include "tests/fakes/fake_event_log.h"

namespace portwatch {
namespace {

using fakes::EventXml;
using fakes::FactoryFor;
using fakes::FakeLog;
using fakes::kTenOClockNs;
using fakes::TimeAt;

// A parsed event created `second` seconds after 10:00.
EventRecord Event(std::uint32_t id, std::uint64_t record, int second,
                  const char* provider = "Tcpip") {
  return {provider, id, record,
          kTenOClockNs + std::int64_t{second} * 1000000000};
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
