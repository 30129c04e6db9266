#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "prometheus/collectable.h"

namespace portwatch {

/// How /metrics pages were encoded for clients.
enum class PageEncoding { kIdentity, kGzip };

/// Counts the /metrics pages sent (200 answers to GET) and their bytes per
/// encoding: what the HTTP server did for Prometheus, published as
/// portwatch_web_metrics_responses_total and
/// portwatch_web_metrics_response_bytes_total. Thread-safe.
class MetricsResponses {
 public:
  void Count(PageEncoding encoding, std::size_t bytes);
  std::uint64_t responses(PageEncoding encoding) const;
  std::uint64_t bytes(PageEncoding encoding) const;

 private:
  static std::size_t Index(PageEncoding encoding) {
    return static_cast<std::size_t>(encoding);
  }
  std::array<std::atomic<std::uint64_t>, 2> responses_{};
  std::array<std::atomic<std::uint64_t>, 2> bytes_{};
};

/// A Collectable publishing `responses`, which must outlive it.
std::shared_ptr<prometheus::Collectable> MakeMetricsResponsesCollectable(
    const MetricsResponses& responses);

}  // namespace portwatch
