#pragma once

#include <functional>
#include <memory>

#include "prometheus/collectable.h"
#include "sources/process/self_process.h"

namespace portwatch {

/// A Collectable publishing the exporter's own process_* families (CPU
/// time, memory, descriptors, start time), named as every Prometheus client
/// library names them, from `read` (ReadSelfProcessStats by default). When
/// `read` fails the families are left out and the error logged once per
/// change; nothing escapes Collect. Thread-safe.
std::shared_ptr<prometheus::Collectable> MakeProcessMetricsCollectable(
    std::function<SelfProcessStats()> read = ReadSelfProcessStats);

}  // namespace portwatch
