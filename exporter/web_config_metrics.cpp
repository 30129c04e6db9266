#include "exporter/web_config_metrics.h"

#include "collectors/core/metric_builder.h"

namespace portwatch {
namespace {

/// Reads WebSecurity::Status() at every scrape.
class WebConfigCollectable : public prometheus::Collectable {
 public:
  explicit WebConfigCollectable(const WebSecurity& security)
      : security_(security) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    const WebConfigStatus status = security_.Status();
    auto successful = GaugeFamily(
        "portwatch_web_config_last_reload_successful",
        "1 if the web config files were usable at the last check, 0 if they "
        "are broken on disk and the previous version is still in use.");
    AddSample(successful, {}, status.last_reload_successful ? 1.0 : 0.0);
    auto loaded = GaugeFamily(
        "portwatch_web_config_last_reload_success_timestamp_seconds",
        "Unix time at which the web config in use was loaded.");
    AddSample(loaded, {}, status.loaded_at_unix_seconds);
    auto checks = CounterFamily(
        "portwatch_web_password_checks_total",
        "Basic auth credential checks, by how they were decided: "
        "remembered (an earlier outcome for the same credentials), hashed "
        "(bcrypt computed), busy (no turn to hash in time: 503).");
    AddSample(checks, {{"outcome", "remembered"}},
              static_cast<double>(status.password_checks_remembered));
    AddSample(checks, {{"outcome", "hashed"}},
              static_cast<double>(status.password_checks_hashed));
    AddSample(checks, {{"outcome", "busy"}},
              static_cast<double>(status.password_checks_busy));
    return {std::move(successful), std::move(loaded), std::move(checks)};
  }

 private:
  const WebSecurity& security_;
};

}  // namespace

std::shared_ptr<prometheus::Collectable> MakeWebConfigCollectable(
    const WebSecurity& security) {
  return std::make_shared<WebConfigCollectable>(security);
}

}  // namespace portwatch
