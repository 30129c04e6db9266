#include "exporter/build_info.h"

#include "build_info_values.h"
#include "collectors/core/metric_builder.h"
#include "exporter/exporter_metrics.h"

namespace portwatch {
namespace {

/// Publishes one constant build-info sample.
class BuildInfoCollectable : public prometheus::Collectable {
 public:
  explicit BuildInfoCollectable(BuildInfo info) : info_(std::move(info)) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    auto family = NewFamily(kExporterBuildInfo);
    AddSample(family,
              {{"version", info_.version},
               {"revision", info_.revision},
               {"compiler", info_.compiler},
               {"os", info_.os}},
              1.0);
    return {std::move(family)};
  }

 private:
  BuildInfo info_;
};

}  // namespace

const BuildInfo& CurrentBuildInfo() {
  static const BuildInfo info{PORTWATCH_VERSION, PORTWATCH_REVISION,
                              PORTWATCH_COMPILER, PORTWATCH_OS};
  return info;
}

std::shared_ptr<prometheus::Collectable> MakeBuildInfoCollectable(
    const BuildInfo& info) {
  return std::make_shared<BuildInfoCollectable>(info);
}

}  // namespace portwatch
