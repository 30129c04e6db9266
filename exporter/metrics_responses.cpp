#include "exporter/metrics_responses.h"

#include "collectors/core/metric_builder.h"
#include "exporter/exporter_metrics.h"

namespace portwatch {
namespace {

constexpr std::array<std::pair<PageEncoding, const char*>, 2> kEncodings = {
    {{PageEncoding::kIdentity, "identity"}, {PageEncoding::kGzip, "gzip"}}};

/// See MakeMetricsResponsesCollectable.
class MetricsResponsesCollectable : public prometheus::Collectable {
 public:
  explicit MetricsResponsesCollectable(const MetricsResponses& responses)
      : responses_(responses) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    auto count = NewFamily(kWebMetricsResponses);
    auto bytes = NewFamily(kWebMetricsResponseBytes);
    for (const auto& [encoding, name] : kEncodings) {
      AddSample(count, {{"encoding", name}},
                static_cast<double>(responses_.responses(encoding)));
      AddSample(bytes, {{"encoding", name}},
                static_cast<double>(responses_.bytes(encoding)));
    }
    std::vector<prometheus::MetricFamily> families;
    families.push_back(std::move(count));
    families.push_back(std::move(bytes));
    return families;
  }

 private:
  const MetricsResponses& responses_;
};

}  // namespace

void MetricsResponses::Count(PageEncoding encoding, std::size_t bytes) {
  responses_[Index(encoding)].fetch_add(1, std::memory_order_relaxed);
  bytes_[Index(encoding)].fetch_add(bytes, std::memory_order_relaxed);
}

std::uint64_t MetricsResponses::responses(PageEncoding encoding) const {
  return responses_[Index(encoding)].load(std::memory_order_relaxed);
}

std::uint64_t MetricsResponses::bytes(PageEncoding encoding) const {
  return bytes_[Index(encoding)].load(std::memory_order_relaxed);
}

std::shared_ptr<prometheus::Collectable> MakeMetricsResponsesCollectable(
    const MetricsResponses& responses) {
  return std::make_shared<MetricsResponsesCollectable>(responses);
}

}  // namespace portwatch
