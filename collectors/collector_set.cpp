#include "collector_set.h"

#include <chrono>
#include <exception>

#include "failure_log.h"
#include "metric_builder.h"

namespace portwatch {

CollectorSet::CollectorSet(std::vector<NamedCollector> collectors)
    : collectors_(std::move(collectors)) {
  for (const NamedCollector& entry : collectors_) {
    failures_.emplace_back(spdlog::level::err, "collector failed",
                           "collector recovered",
                           std::vector<LogField>{{"collector", entry.name}});
  }
}

std::vector<prometheus::MetricFamily> CollectorSet::Collect() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<prometheus::MetricFamily> out;
  auto success = GaugeFamily("portwatch_scrape_collector_success",
                             "Whether the collector succeeded (1) or failed "
                             "(0) in this scrape; see the log for why.");
  auto duration = GaugeFamily("portwatch_scrape_collector_duration_seconds",
                              "Time the collector took in this scrape.");
  for (std::size_t i = 0; i < collectors_.size(); ++i) {
    const NamedCollector& entry = collectors_[i];
    const std::size_t before = out.size();
    const auto start = std::chrono::steady_clock::now();
    bool ok = false;
    try {
      entry.collector->Collect(out);
      ok = true;
    } catch (const std::exception& error) {
      failures_[i].Failed(error.what());
    } catch (...) {
      failures_[i].Failed("unknown exception");
    }
    if (ok) failures_[i].Succeeded();
    const std::chrono::duration<double> elapsed =
        std::chrono::steady_clock::now() - start;
    if (!ok) out.resize(before);
    const Label label{"collector", entry.name};
    AddSample(success, {label}, ok ? 1.0 : 0.0);
    AddSample(duration, {label}, elapsed.count());
  }
  out.push_back(std::move(success));
  out.push_back(std::move(duration));
  return out;
}

}  // namespace portwatch
