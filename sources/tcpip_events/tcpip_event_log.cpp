#include "sources/tcpip_events/tcpip_event_log.h"

#include <algorithm>
#include <string>
#include <utility>

#include "base/decimal.h"

namespace portwatch {
namespace {

// The text between the first `open` after `from` and the next `close`.
std::optional<std::string_view> Between(std::string_view text,
                                        std::string_view open,
                                        std::string_view close,
                                        std::size_t from = 0) {
  const std::size_t start = text.find(open, from);
  if (start == std::string_view::npos) return std::nullopt;
  const std::size_t value = start + open.size();
  const std::size_t end = text.find(close, value);
  if (end == std::string_view::npos) return std::nullopt;
  return text.substr(value, end - value);
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where the start tag of element `name` begins, or npos.
std::size_t FindStartTag(std::string_view xml, std::string_view name) {
  const std::string open = "<" + std::string(name);
  for (std::size_t at = xml.find(open); at != std::string_view::npos;
       at = xml.find(open, at + 1)) {
    const std::size_t after = at + open.size();
    if (after >= xml.size()) break;
    const char next = xml[after];
    if (next == '>' || next == '/' || IsSpace(next)) return at;
  }
  return std::string_view::npos;
}

// The value of an element that may carry attributes: <EventID Qualifiers=
// '0'>4227</EventID>.
std::optional<std::string_view> Element(std::string_view xml,
                                        std::string_view name) {
  const std::size_t at = FindStartTag(xml, name);
  if (at == std::string_view::npos) return std::nullopt;
  return Between(xml, ">", "</" + std::string(name) + ">", at);
}

// The value of `attribute` in the start tag of `element`, in either quotes:
// <TimeCreated SystemTime='2026-12-02T10:00:00.1234567Z'/>.
std::optional<std::string_view> Attribute(std::string_view xml,
                                          std::string_view element,
                                          std::string_view attribute) {
  const std::size_t at = FindStartTag(xml, element);
  if (at == std::string_view::npos) return std::nullopt;
  const std::size_t end = xml.find('>', at);
  if (end == std::string_view::npos) return std::nullopt;
  const std::string_view tag = xml.substr(at, end - at);
  const std::string key = std::string(attribute) + "=";
  // The tag starts with '<', so a match is never at 0.
  for (std::size_t name = tag.find(key); name != std::string_view::npos;
       name = tag.find(key, name + 1)) {
    if (!IsSpace(tag[name - 1])) continue;  // e.g. EventSourceName=
    const std::size_t open = name + key.size();
    if (open >= tag.size() || (tag[open] != '\'' && tag[open] != '"')) {
      return std::nullopt;
    }
    const std::size_t close = tag.find(tag[open], open + 1);
    if (close == std::string_view::npos) return std::nullopt;
    return tag.substr(open + 1, close - open - 1);
  }
  return std::nullopt;
}

bool IsLeapYear(std::int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

std::int64_t DaysInMonth(std::int64_t year, std::int64_t month) {
  constexpr std::array<std::int64_t, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                  31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year)
             ? 29
             : kDays[static_cast<std::size_t>(month - 1)];
}

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
// days_from_civil).
std::int64_t DaysFromCivil(std::int64_t year, std::int64_t month,
                           std::int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year =
      (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

}  // namespace

std::optional<std::int64_t> ParseSystemTime(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS, then .F to .FFFFFFFFF or nothing, then Z.
  constexpr std::size_t kSeconds = 19;
  if (text.size() < kSeconds + 1 || text.back() != 'Z') return std::nullopt;
  for (auto [at, separator] : {std::pair<std::size_t, char>{4, '-'},
                               {7, '-'},
                               {10, 'T'},
                               {13, ':'},
                               {16, ':'}}) {
    if (text[at] != separator) return std::nullopt;
  }
  auto field = [text](std::size_t at, std::size_t size) {
    return ParseDecimal<std::uint64_t>(text.substr(at, size));
  };
  const auto year = field(0, 4), month = field(5, 2), day = field(8, 2),
             hour = field(11, 2), minute = field(14, 2), second = field(17, 2);
  if (!year || !month || !day || !hour || !minute || !second) {
    return std::nullopt;
  }
  const auto y = static_cast<std::int64_t>(*year);
  const auto m = static_cast<std::int64_t>(*month);
  const auto d = static_cast<std::int64_t>(*day);
  // Years that 64-bit nanoseconds since 1970 hold; second 60 is a leap
  // second (Windows records them).
  if (y < 1678 || y > 2261 || m < 1 || m > 12 || d < 1 ||
      d > DaysInMonth(y, m) || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  std::int64_t fraction_ns = 0;
  const std::string_view fraction =
      text.substr(kSeconds, text.size() - kSeconds - 1);
  if (!fraction.empty()) {
    if (fraction[0] != '.' || fraction.size() < 2 || fraction.size() > 10) {
      return std::nullopt;
    }
    const auto digits = ParseDecimal<std::uint64_t>(fraction.substr(1));
    if (!digits) return std::nullopt;
    fraction_ns = static_cast<std::int64_t>(*digits);
    for (std::size_t i = fraction.size() - 1; i < 9; ++i) fraction_ns *= 10;
  }
  const std::int64_t seconds = DaysFromCivil(y, m, d) * 86400 +
                               static_cast<std::int64_t>(*hour) * 3600 +
                               static_cast<std::int64_t>(*minute) * 60 +
                               static_cast<std::int64_t>(*second);
  return seconds * 1000000000 + fraction_ns;
}

std::string TcpipEventQuery(std::chrono::seconds since) {
  std::string ids;
  for (std::uint32_t id : kTcpipEventIds) {
    if (!ids.empty()) ids += " or ";
    ids += "EventID=" + std::to_string(id);
  }
  std::string query = "*[System[Provider[@Name='Tcpip'] and (" + ids + ")";
  if (since.count() > 0) {
    query += " and TimeCreated[timediff(@SystemTime) <= " +
             std::to_string(since.count() * 1000) + "]";
  }
  return query + "]]";
}

std::optional<EventRecord> ParseEventXml(std::string_view xml) {
  EventRecord record;
  const auto name = Attribute(xml, "Provider", "Name");
  if (!name) return std::nullopt;
  record.provider = std::string(*name);
  const auto event_id = Element(xml, "EventID");
  const auto record_id = Element(xml, "EventRecordID");
  const auto created = Attribute(xml, "TimeCreated", "SystemTime");
  if (!event_id || !record_id || !created) return std::nullopt;
  const auto id = ParseDecimal<std::uint64_t>(*event_id);
  const auto sequence = ParseDecimal<std::uint64_t>(*record_id);
  const auto created_ns = ParseSystemTime(*created);
  if (!id || !sequence || !created_ns || *id > 0xffffffffu) {
    return std::nullopt;
  }
  record.event_id = static_cast<std::uint32_t>(*id);
  record.record_id = *sequence;
  record.created_ns = *created_ns;
  return record;
}

}  // namespace portwatch
