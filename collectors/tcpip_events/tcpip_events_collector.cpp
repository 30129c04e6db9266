#include "collectors/tcpip_events/tcpip_events_collector.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>
#include <utility>

#include "base/log_line.h"
#include "base/source_error.h"
#include "collectors/core/metric_builder.h"
#include "collectors/tcpip_events/tcpip_events_metrics.h"

namespace portwatch {

bool TcpipEventCounter::Record(const EventRecord& event) {
  if (event.provider != "Tcpip" &&
      event.provider != "Microsoft-Windows-Tcpip") {
    return false;
  }
  const auto id =
      std::find(kTcpipEventIds.begin(), kTcpipEventIds.end(), event.event_id);
  if (id == kTcpipEventIds.end()) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  if (event.record_id <= highest_record_id_ &&
      event.created_ns <= newest_created_ns_) {
    return false;  // counted before: a replay or a repeated delivery
  }
  ++counts_[static_cast<std::size_t>(id - kTcpipEventIds.begin())];
  highest_record_id_ = std::max(highest_record_id_, event.record_id);
  newest_created_ns_ = std::max(newest_created_ns_, event.created_ns);
  return true;
}

std::array<std::uint64_t, 3> TcpipEventCounter::Counts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return counts_;
}

TcpipEventsCollector::TcpipEventsCollector(
    EventSubscriptionFactory make_subscription, std::chrono::seconds since)
    : make_subscription_(std::move(make_subscription)),
      since_(since),
      started_(std::chrono::steady_clock::now()),
      counter_(std::make_shared<TcpipEventCounter>()) {
  try {
    Subscribe(false);
  } catch (const SourceError&) {
    // The first scrape subscribes again and fails with this error, which
    // the collector set logs (once per change).
  }
}

void TcpipEventsCollector::Subscribe(bool catch_up) {
  // A late or repeated subscription looks back to the exporter's start
  // (plus the requested history) for what it would have missed; the
  // counter skips what it has counted already.
  std::chrono::seconds window = since_;
  if (catch_up) {
    window += std::chrono::ceil<std::chrono::seconds>(
                  std::chrono::steady_clock::now() - started_) +
              std::chrono::seconds(1);
  }
  auto delivery = std::make_shared<Delivery>(counter_);
  auto subscription = make_subscription_();
  subscription->Start(
      TcpipEventQuery(window), window.count() > 0,
      [delivery](std::string_view xml) {
        std::optional<EventRecord> event = ParseEventXml(xml);
        if (!event) {
          spdlog::warn(LogLine("unreadable event XML",
                               {{"collector", "tcpip_events"},
                                {"xml", std::string(xml.substr(0, 200))}}));
          return;
        }
        if (!delivery->counter->Record(*event)) {
          spdlog::debug(
              LogLine("event not counted (another event, or counted before)",
                      {{"collector", "tcpip_events"},
                       {"event_id", std::to_string(event->event_id)},
                       {"record_id", std::to_string(event->record_id)}}));
        }
      },
      [delivery](unsigned long error) {
        delivery->error = error;
        delivery->broken = true;
      });
  subscription_ = std::move(subscription);
  delivery_ = std::move(delivery);
  spdlog::info(
      LogLine("subscribed to the System log", {{"collector", "tcpip_events"}}));
}

void TcpipEventsCollector::Collect(std::vector<prometheus::MetricFamily>& out) {
  if (delivery_ && delivery_->broken) {
    const unsigned long error = delivery_->error;
    subscription_.reset();
    delivery_.reset();
    throw SourceError("the Event Log subscription broke (error " +
                      std::to_string(error) +
                      "); subscribing again at the next scrape, which "
                      "resumes the counts");
  }
  if (!delivery_) Subscribe(true);
  prometheus::MetricFamily family = NewFamily(kTcpipEvents);
  const std::array<std::uint64_t, 3> counts = counter_->Counts();
  for (std::size_t i = 0; i < kTcpipEventIds.size(); ++i) {
    prometheus::ClientMetric metric;
    metric.label.push_back({"event_id", std::to_string(kTcpipEventIds[i])});
    metric.counter.value = static_cast<double>(counts[i]);
    family.metric.push_back(std::move(metric));
  }
  out.push_back(std::move(family));
}

CollectorDefinition TcpipEventsCollectorDefinition(
    EventSubscriptionFactory make_subscription,
    std::shared_ptr<std::chrono::seconds> since) {
  CollectorDefinition definition;
  definition.name = "tcpip_events";
  definition.help =
      "Tcpip events 4227/4231/4266 from the System log (EvtSubscribe)";
  definition.declare_flags = [since](FlagSet& flags, SourceOptions&) {
    flags.Duration("collector.tcpip_events.since",
                   "also count events this far back (e.g. 1h) at start; "
                   "counters still start at process start",
                   since.get());
  };
  definition.make = [make_subscription = std::move(make_subscription),
                     since](PlatformSources&) -> std::unique_ptr<Collector> {
    return std::make_unique<TcpipEventsCollector>(make_subscription, *since);
  };
  return definition;
}

}  // namespace portwatch
