#include "exporter/exposition.h"

#include <sstream>
#include <utility>

#include "base/utf8.h"
#include "prometheus/text_serializer.h"

namespace portwatch {
namespace {

// The text format requires UTF-8 label values, and Prometheus rejects the
// whole scrape over one that is not. Sources already clean the names they
// read from the OS (so that names differing only in bad bytes count as
// one); this is the last line for anything that slips past them.
// prometheus-cpp writes HELP text as it is, where the format wants a
// backslash and a newline escaped (a registry path in a help text made
// the Windows page invalid): escaped here, once, for every family.
void MakeExpositionValid(std::vector<prometheus::MetricFamily>& families) {
  for (prometheus::MetricFamily& family : families) {
    if (family.help.find_first_of("\\\n") != std::string::npos ||
        !IsValidUtf8(family.help)) {
      std::string escaped;
      for (char c : ValidUtf8(family.help)) {
        if (c == '\\') {
          escaped += "\\\\";
        } else if (c == '\n') {
          escaped += "\\n";
        } else {
          escaped += c;
        }
      }
      family.help = std::move(escaped);
    }
    for (prometheus::ClientMetric& metric : family.metric) {
      for (prometheus::ClientMetric::Label& label : metric.label) {
        if (!IsValidUtf8(label.value)) label.value = ValidUtf8(label.value);
      }
    }
  }
}

}  // namespace

std::shared_ptr<const MetricsPage> Exposition::Render(Deadline deadline) const {
  std::vector<prometheus::MetricFamily> families;
  for (const prometheus::Collectable* source : own_) {
    for (auto& family : source->Collect()) {
      families.push_back(std::move(family));
    }
  }
  if (collectors_ != nullptr) {
    for (auto& family : collectors_->CollectBy(deadline)) {
      families.push_back(std::move(family));
    }
  }
  MakeExpositionValid(families);
  std::ostringstream text;
  prometheus::TextSerializer().Serialize(text, families);
  return std::make_shared<const MetricsPage>(text.str());
}

}  // namespace portwatch
