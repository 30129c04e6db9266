#include "collector_set.h"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>

#include "fakes/metric_lookup.h"
#include "metric_builder.h"

namespace portwatch {
namespace {

using testing::FindFamily;
using testing::SampleValue;

/// Appends one family, then throws `what` (or succeeds if null).
class ScriptedCollector : public Collector {
 public:
  ScriptedCollector(const char* family, const char* what, bool non_std = false)
      : family_(family), what_(what), non_std_(non_std) {}
  void Collect(std::vector<prometheus::MetricFamily>& out) override {
    auto family = GaugeFamily(family_, "test");
    AddSample(family, {}, 1.0);
    out.push_back(std::move(family));
    if (non_std_) throw 42;
    if (what_ != nullptr) throw std::runtime_error(what_);
  }

 private:
  const char* family_;
  const char* what_;
  bool non_std_;
};

TEST(CollectorSetTest, FailedCollectorsDropTheirOutputButNotTheScrape) {
  std::vector<NamedCollector> collectors;
  collectors.push_back(
      {"good", std::make_unique<ScriptedCollector>("a", nullptr)});
  collectors.push_back(
      {"bad", std::make_unique<ScriptedCollector>("b", "boom")});
  collectors.push_back(
      {"weird", std::make_unique<ScriptedCollector>("c", nullptr, true)});
  CollectorSet set(std::move(collectors));
  auto out = set.Collect();
  EXPECT_NE(FindFamily(out, "a"), nullptr);
  EXPECT_EQ(FindFamily(out, "b"), nullptr);
  EXPECT_EQ(FindFamily(out, "c"), nullptr);
  EXPECT_EQ(SampleValue(out, "portwatch_scrape_collector_success",
                        {"collector=good"}),
            1.0);
  EXPECT_EQ(
      SampleValue(out, "portwatch_scrape_collector_success", {"collector=bad"}),
      0.0);
  EXPECT_EQ(SampleValue(out, "portwatch_scrape_collector_success",
                        {"collector=weird"}),
            0.0);
  EXPECT_TRUE(SampleValue(out, "portwatch_scrape_collector_duration_seconds",
                          {"collector=bad"}));
}

/// Runs until the steady clock has advanced `seconds` (busy, no sleep).
class SlowCollector : public Collector {
 public:
  explicit SlowCollector(double seconds) : seconds_(seconds) {}
  void Collect(std::vector<prometheus::MetricFamily>&) override {
    const auto start = std::chrono::steady_clock::now();
    while (
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count() < seconds_) {
    }
  }

 private:
  double seconds_;
};

TEST(CollectorSetTest, DurationIsTheCollectorsOwnTime) {
  std::vector<NamedCollector> collectors;
  collectors.push_back({"slow", std::make_unique<SlowCollector>(0.02)});
  collectors.push_back({"quick", std::make_unique<SlowCollector>(0.0)});
  CollectorSet set(std::move(collectors));
  const auto out = set.Collect();
  const auto slow = SampleValue(
      out, "portwatch_scrape_collector_duration_seconds", {"collector=slow"});
  const auto quick = SampleValue(
      out, "portwatch_scrape_collector_duration_seconds", {"collector=quick"});
  ASSERT_TRUE(slow && quick);
  EXPECT_GE(*slow, 0.02);
  EXPECT_LT(*quick, *slow);  // each timed alone, not cumulatively
}

TEST(CollectorSetTest, EmptySetStillPublishesScrapeFamilies) {
  CollectorSet set({});
  auto out = set.Collect();
  EXPECT_NE(FindFamily(out, "portwatch_scrape_collector_success"), nullptr);
  EXPECT_NE(FindFamily(out, "portwatch_scrape_collector_duration_seconds"),
            nullptr);
}

}  // namespace
}  // namespace portwatch
