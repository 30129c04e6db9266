#include "exposition.h"

#include <sstream>
#include <utility>

#include "prometheus/text_serializer.h"

namespace portwatch {

std::shared_ptr<const std::string> Exposition::Render() const {
  std::vector<prometheus::MetricFamily> families;
  for (const prometheus::Collectable* source : sources_) {
    for (auto& family : source->Collect()) {
      families.push_back(std::move(family));
    }
  }
  std::ostringstream text;
  prometheus::TextSerializer().Serialize(text, families);
  return std::make_shared<const std::string>(text.str());
}

}  // namespace portwatch
