#pragma once

#include <optional>
#include <string>
#include <vector>

#include "prometheus/metric_family.h"

namespace portwatch::fakes {

/// The value of the sample of family `name` whose labels include all of
/// `labels` ("name=value" strings), or nullopt (test helper).
std::optional<double> SampleValue(
    const std::vector<prometheus::MetricFamily>& families,
    const std::string& name, const std::vector<std::string>& labels = {});

/// The family called `name`, or nullptr.
const prometheus::MetricFamily* FindFamily(
    const std::vector<prometheus::MetricFamily>& families,
    const std::string& name);

}  // namespace portwatch::fakes
