#include "sources/tcpip_events/tcpip_event_log.h"

#include <gtest/gtest.h>

#include "tests/fakes/fake_event_log.h"

namespace portwatch {
namespace {

using fakes::EventXml;
using fakes::kTenOClockNs;
using fakes::TimeAt;

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

}  // namespace
}  // namespace portwatch
