#include "exporter/exposition.h"

#include <gtest/gtest.h>

#include "collectors/core/metric_builder.h"

namespace portwatch {
namespace {

/// A Collectable of one gauge family with one sample.
class OneGauge : public prometheus::Collectable {
 public:
  OneGauge(const char* name, double value, std::string label = "ipv4")
      : name_(name), value_(value), label_(std::move(label)) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    const std::string help = "help of " + std::string(name_);
    auto family = NewFamily(
        MetricSpec{name_, help.c_str(), prometheus::MetricType::Gauge, {}});
    AddSample(family, {{"family", label_}}, value_);
    return {family};
  }

 private:
  const char* name_;
  double value_;
  std::string label_;
};

TEST(ExpositionTest, RendersEverySourceInOrderAsText) {
  const OneGauge own("portwatch_a", 1);
  const OneGauge collectors("portwatch_b", 0.5);
  const Exposition exposition({&own, &collectors}, nullptr);
  EXPECT_EQ(exposition.Render(Deadline::max())->text(),
            "# HELP portwatch_a help of portwatch_a\n"
            "# TYPE portwatch_a gauge\n"
            "portwatch_a{family=\"ipv4\"} 1\n"
            "# HELP portwatch_b help of portwatch_b\n"
            "# TYPE portwatch_b gauge\n"
            "portwatch_b{family=\"ipv4\"} 0.5\n");
}

TEST(ExpositionTest, LabelValuesAreAlwaysUtf8) {
  // What a process named with prctl(PR_SET_NAME) can put in a label.
  const OneGauge hostile("portwatch_a", 50, "ev\xff\"l\\");
  const Exposition exposition({&hostile}, nullptr);
  EXPECT_EQ(exposition.Render(Deadline::max())->text(),
            "# HELP portwatch_a help of portwatch_a\n"
            "# TYPE portwatch_a gauge\n"
            "portwatch_a{family=\"ev\xEF\xBF\xBD\\\"l\\\\\"} 50\n");
}

/// One family whose help text names a registry path, over two lines.
class RegistryHelp : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override {
    auto family = NewFamily(MetricSpec{"portwatch_a",
                                       "HKLM\\SYSTEM\\Tcpip\nnext",
                                       prometheus::MetricType::Gauge,
                                       {}});
    AddSample(family, {}, 1);
    return {family};
  }
};

TEST(ExpositionTest, HelpTextIsEscaped) {
  const RegistryHelp help;
  const Exposition exposition({&help}, nullptr);
  EXPECT_EQ(exposition.Render(Deadline::max())->text(),
            "# HELP portwatch_a HKLM\\\\SYSTEM\\\\Tcpip\\nnext\n"
            "# TYPE portwatch_a gauge\n"
            "portwatch_a 1\n");
}

}  // namespace
}  // namespace portwatch
