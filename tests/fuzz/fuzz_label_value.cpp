// libFuzzer target: the label path. Any bytes as a label value (what a
// process, namespace or service name can be) must leave the exposition as
// valid UTF-8 in one well-formed sample line whose value reads back as
// ValidUtf8 of the input, and as the input itself when that was UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "collectors/core/metric_builder.h"
#include "exporter/exposition.h"

namespace {

constexpr portwatch::MetricSpec kFuzz{
    "portwatch_fuzz", "help", prometheus::MetricType::Gauge, {"process"}};

/// One gauge sample labelled with the fuzzer's bytes.
class OneSample : public prometheus::Collectable {
 public:
  explicit OneSample(std::string value) : value_(std::move(value)) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    auto family = portwatch::NewFamily(kFuzz);
    portwatch::AddSample(family, {{"process", value_}}, 1);
    return {family};
  }

 private:
  std::string value_;
};

// The label value of the line `portwatch_fuzz{process="..."} 1`, unescaped
// as Prometheus' parser does; false when the page is not that line.
bool ReadBack(std::string_view page, std::string* value) {
  constexpr std::string_view kStart = "\nportwatch_fuzz{process=\"";
  const std::size_t start = page.find(kStart);
  if (start == std::string_view::npos) return false;
  std::string_view rest = page.substr(start + kStart.size());
  while (!rest.empty() && rest.front() != '"') {
    char c = rest.front();
    rest.remove_prefix(1);
    if (c == '\n') return false;  // a raw newline ends the line early
    if (c == '\\') {
      if (rest.empty()) return false;
      c = rest.front() == 'n' ? '\n' : rest.front();
      if (c != '\n' && c != '\\' && c != '"') return false;
      rest.remove_prefix(1);
    }
    *value += c;
  }
  return rest == "\"} 1\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string raw(reinterpret_cast<const char*>(data), size);
  const OneSample sample(raw);
  const portwatch::Exposition exposition({&sample}, nullptr);
  const std::string page =
      exposition.Render(portwatch::Deadline::max())->text();
  if (!portwatch::IsValidUtf8(page)) __builtin_trap();
  std::string value;
  if (!ReadBack(page, &value)) __builtin_trap();
  if (value != portwatch::ValidUtf8(raw)) __builtin_trap();
  if (portwatch::IsValidUtf8(raw) && value != raw) __builtin_trap();
  if (portwatch::ValidUtf8(value) != value) __builtin_trap();
  return 0;
}
