#include "collectors/core/collector_set.h"

#include "collectors/core/metric_builder.h"
#include "collectors/core/scrape_metrics.h"

namespace portwatch {

CollectorSet::CollectorSet(std::vector<NamedCollector> collectors,
                           std::chrono::milliseconds budget)
    : budget_(budget) {
  for (NamedCollector& entry : collectors) {
    entries_.push_back(
        {entry.name,
         std::make_unique<CollectorRunner>(std::move(entry.collector)),
         FailureLog(spdlog::level::err, "collector failed",
                    "collector recovered", {{"collector", entry.name}})});
  }
}

std::vector<prometheus::MetricFamily> CollectorSet::Collect() const {
  return CollectBy(std::chrono::steady_clock::now() + budget_);
}

std::vector<prometheus::MetricFamily> CollectorSet::CollectBy(
    Deadline deadline) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<bool> started;
  started.reserve(entries_.size());
  for (const Entry& entry : entries_) {
    started.push_back(entry.runner->Start(deadline));
  }
  std::vector<prometheus::MetricFamily> out;
  auto success = NewFamily(kScrapeCollectorSuccess);
  auto duration = NewFamily(kScrapeCollectorDuration);
  auto timeout = NewFamily(kScrapeCollectorTimeout);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    Entry& entry = entries_[i];
    CollectorOutcome outcome = started[i] ? entry.runner->WaitUntil(deadline)
                                          : entry.runner->StillRunning();
    if (!outcome.finished) {
      entry.failures.Failed(
          "still running at the scrape deadline; left out until it returns");
    } else if (!outcome.ok) {
      entry.failures.Failed(outcome.error);
    } else {
      entry.failures.Succeeded();
      for (auto& family : outcome.families) out.push_back(std::move(family));
    }
    const Label label{"collector", entry.name};
    AddSample(success, {label}, outcome.ok ? 1.0 : 0.0);
    AddSample(duration, {label}, outcome.elapsed.count());
    AddSample(timeout, {label}, outcome.finished ? 0.0 : 1.0);
  }
  out.push_back(std::move(success));
  out.push_back(std::move(duration));
  out.push_back(std::move(timeout));
  return out;
}

bool CollectorSet::Stop(Deadline deadline) {
  // Not under mutex_: a scrape waiting for its deadline holds it, and
  // stopping the runners is what ends that wait. The entries themselves
  // never change after construction.
  bool all = true;
  for (Entry& entry : entries_) all = entry.runner->Stop(deadline) && all;
  return all;
}

}  // namespace portwatch
