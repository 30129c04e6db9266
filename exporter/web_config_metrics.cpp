#include "exporter/web_config_metrics.h"

#include "collectors/core/metric_builder.h"
#include "exporter/exporter_metrics.h"

namespace portwatch {
namespace {

/// Reads WebSecurity::Status() at every scrape.
class WebConfigCollectable : public prometheus::Collectable {
 public:
  explicit WebConfigCollectable(const WebSecurity& security)
      : security_(security) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    const WebConfigStatus status = security_.Status();
    auto successful = NewFamily(kWebConfigLastReloadSuccessful);
    AddSample(successful, {}, status.last_reload_successful ? 1.0 : 0.0);
    auto loaded = NewFamily(kWebConfigLastReloadSuccessTimestamp);
    AddSample(loaded, {}, status.loaded_at_unix_seconds);
    auto checks = NewFamily(kWebPasswordChecks);
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
