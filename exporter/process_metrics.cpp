#include "exporter/process_metrics.h"

#include <mutex>
#include <utility>

#include "base/source_error.h"
#include "collectors/core/failure_log.h"
#include "collectors/core/metric_builder.h"
#include "exporter/exporter_metrics.h"

namespace portwatch {
namespace {

/// See MakeProcessMetricsCollectable.
class ProcessMetricsCollectable : public prometheus::Collectable {
 public:
  explicit ProcessMetricsCollectable(std::function<SelfProcessStats()> read)
      : read_(std::move(read)) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    SelfProcessStats stats;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      try {
        stats = read_();
      } catch (const SourceError& error) {
        failures_.Failed(error.what());
        return {};
      }
      failures_.Succeeded();
    }
    std::vector<prometheus::MetricFamily> families;
    const auto add = [&families](prometheus::MetricFamily family,
                                 double value) {
      AddSample(family, {}, value);
      families.push_back(std::move(family));
    };
    add(NewFamily(kProcessCpuSeconds), stats.cpu_seconds);
    add(NewFamily(kProcessResidentMemory), stats.resident_memory_bytes);
    if (stats.virtual_memory_bytes) {
      add(NewFamily(kProcessVirtualMemory), *stats.virtual_memory_bytes);
    }
    add(NewFamily(kProcessStartTime), stats.start_time_seconds);
    if (stats.open_fds) {
      add(NewFamily(kProcessOpenFds), *stats.open_fds);
    }
    add(NewFamily(kProcessMaxFds), stats.max_fds);
    return families;
  }

 private:
  std::function<SelfProcessStats()> read_;
  mutable std::mutex mutex_;
  mutable FailureLog failures_{spdlog::level::warn,
                               "cannot read the exporter's own process stats",
                               "reading the exporter's own process stats again",
                               {{"metrics", "process_*"}}};
};

}  // namespace

std::shared_ptr<prometheus::Collectable> MakeProcessMetricsCollectable(
    std::function<SelfProcessStats()> read) {
  return std::make_shared<ProcessMetricsCollectable>(std::move(read));
}

}  // namespace portwatch
