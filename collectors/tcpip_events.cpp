#include "tcpip_events.h"

#include <spdlog/spdlog.h>

#include <string>

#include "socket_source.h"

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

std::optional<std::uint64_t> Number(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

// The value of an element that may carry attributes: <EventID Qualifiers=
// '0'>4227</EventID>.
std::optional<std::string_view> Element(std::string_view xml,
                                        std::string_view name) {
  const std::string open = "<" + std::string(name);
  std::size_t at = xml.find(open);
  while (at != std::string_view::npos) {
    const char next =
        at + open.size() < xml.size() ? xml[at + open.size()] : '\0';
    if (next == '>' || next == ' ') {
      return Between(xml, ">", "</" + std::string(name) + ">", at);
    }
    at = xml.find(open, at + 1);
  }
  return std::nullopt;
}

}  // namespace

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
  const std::size_t provider = xml.find("<Provider ");
  if (provider == std::string_view::npos) return std::nullopt;
  auto name = Between(xml, "Name='", "'", provider);
  if (!name || name->find('>') != std::string_view::npos) {
    name = Between(xml, "Name=\"", "\"", provider);
  }
  if (!name) return std::nullopt;
  record.provider = std::string(*name);
  auto event_id = Element(xml, "EventID");
  auto record_id = Element(xml, "EventRecordID");
  if (!event_id || !record_id) return std::nullopt;
  auto id = Number(*event_id);
  auto sequence = Number(*record_id);
  if (!id || !sequence || *id > 0xffffffffu) return std::nullopt;
  record.event_id = static_cast<std::uint32_t>(*id);
  record.record_id = *sequence;
  return record;
}

bool TcpipEventCounter::Record(const EventRecord& event) {
  if (event.provider != "Tcpip" &&
      event.provider != "Microsoft-Windows-Tcpip") {
    return false;
  }
  for (std::size_t i = 0; i < kTcpipEventIds.size(); ++i) {
    if (kTcpipEventIds[i] == event.event_id) {
      std::lock_guard<std::mutex> lock(mutex_);
      ++counts_[i];
      return true;
    }
  }
  return false;
}

std::array<std::uint64_t, 3> TcpipEventCounter::Counts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return counts_;
}

TcpipEventsCollector::TcpipEventsCollector(
    EventSubscriptionFactory make_subscription, std::chrono::seconds since)
    : make_subscription_(std::move(make_subscription)),
      since_(since),
      started_(std::chrono::steady_clock::now()) {
  try {
    Subscribe(false);
  } catch (const SourceError& error) {
    spdlog::warn("tcpip_events: {}; retrying at every scrape", error.what());
  }
}

void TcpipEventsCollector::Subscribe(bool catch_up) {
  // A late or repeated subscription looks back to the exporter's start
  // (plus the requested history) and recounts what it would have missed.
  std::chrono::seconds window = since_;
  if (catch_up) {
    window += std::chrono::ceil<std::chrono::seconds>(
                  std::chrono::steady_clock::now() - started_) +
              std::chrono::seconds(1);
  }
  auto delivery = std::make_shared<Delivery>();
  auto subscription = make_subscription_();
  subscription->Start(
      TcpipEventQuery(window), window.count() > 0,
      [delivery](std::string_view xml) {
        std::optional<EventRecord> event = ParseEventXml(xml);
        if (!event) {
          spdlog::warn("tcpip_events: unreadable event XML: {}",
                       std::string(xml.substr(0, 200)));
          return;
        }
        delivery->counter.Record(*event);
      },
      [delivery](unsigned long error) {
        delivery->error = error;
        delivery->broken = true;
      });
  subscription_ = std::move(subscription);
  delivery_ = std::move(delivery);
  spdlog::info("tcpip_events: subscribed to the System log");
}

void TcpipEventsCollector::Collect(std::vector<prometheus::MetricFamily>& out) {
  if (delivery_ && delivery_->broken) {
    const unsigned long error = delivery_->error;
    subscription_.reset();
    delivery_.reset();
    throw SourceError("the Event Log subscription broke (error " +
                      std::to_string(error) +
                      "); subscribing again at the next scrape");
  }
  if (!delivery_) Subscribe(true);
  prometheus::MetricFamily family;
  family.name = "portwatch_tcpip_events_total";
  family.help =
      "Tcpip events in the System log since the exporter started (with "
      "--collector.tcpip-events.since, also that much history): 4227 local "
      "port still in TIME_WAIT, 4231 no TCP ephemeral port, 4266 no UDP "
      "ephemeral port.";
  family.type = prometheus::MetricType::Counter;
  const std::array<std::uint64_t, 3> counts = delivery_->counter.Counts();
  for (std::size_t i = 0; i < kTcpipEventIds.size(); ++i) {
    prometheus::ClientMetric metric;
    metric.label.push_back({"event_id", std::to_string(kTcpipEventIds[i])});
    metric.counter.value = static_cast<double>(counts[i]);
    family.metric.push_back(std::move(metric));
  }
  out.push_back(std::move(family));
}

}  // namespace portwatch
