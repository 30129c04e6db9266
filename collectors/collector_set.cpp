#include "collector_set.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>

#include "metric_builder.h"

namespace portwatch {

CollectorSet::CollectorSet(std::vector<NamedCollector> collectors)
    : collectors_(std::move(collectors)) {}

std::vector<prometheus::MetricFamily> CollectorSet::Collect() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<prometheus::MetricFamily> out;
  auto success = GaugeFamily("portwatch_scrape_collector_success",
                             "Whether the collector succeeded (1) or failed "
                             "(0) in this scrape; see the log for why.");
  auto duration = GaugeFamily("portwatch_scrape_collector_duration_seconds",
                              "Time the collector took in this scrape.");
  for (const NamedCollector& entry : collectors_) {
    const std::size_t before = out.size();
    const auto start = std::chrono::steady_clock::now();
    bool ok = false;
    try {
      entry.collector->Collect(out);
      ok = true;
    } catch (const std::exception& error) {
      spdlog::error("collector {} failed: {}", entry.name, error.what());
    } catch (...) {
      spdlog::error("collector {} failed with an unknown exception",
                    entry.name);
    }
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
