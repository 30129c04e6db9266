#include "collectors/core/collector_set.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "collectors/core/metric_builder.h"
#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

using fakes::FindFamily;
using fakes::SampleValue;

/// Appends one family, then throws `what` (or succeeds if null).
class ScriptedCollector : public Collector {
 public:
  ScriptedCollector(const char* family, const char* what, bool non_std = false)
      : family_(family), what_(what), non_std_(non_std) {}
  void Collect(std::vector<prometheus::MetricFamily>& out) override {
    auto family = NewFamily(
        MetricSpec{family_, "test", prometheus::MetricType::Gauge, {}});
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

/// Blocks inside Collect until released, as a read of a FIFO or a hung
/// file system would; counts its calls.
class StuckCollector : public Collector {
 public:
  struct Control {
    std::mutex mutex;
    std::condition_variable changed;
    bool released = false;
    int calls = 0;
    void Release() {
      std::lock_guard<std::mutex> lock(mutex);
      released = true;
      changed.notify_all();
    }
  };
  explicit StuckCollector(std::shared_ptr<Control> control)
      : control_(std::move(control)) {}
  void Collect(std::vector<prometheus::MetricFamily>& out) override {
    std::unique_lock<std::mutex> lock(control_->mutex);
    ++control_->calls;
    control_->changed.wait(lock, [this] { return control_->released; });
    auto family = NewFamily(
        MetricSpec{"stuck_family", "test", prometheus::MetricType::Gauge, {}});
    AddSample(family, {}, 1.0);
    out.push_back(std::move(family));
  }

 private:
  std::shared_ptr<Control> control_;
};

std::optional<double> Sample(const std::vector<prometheus::MetricFamily>& out,
                             const char* name, const char* collector) {
  return SampleValue(out, name, {std::string("collector=") + collector});
}

TEST(CollectorSetTest, AStuckCollectorIsLeftBehindAtTheDeadline) {
  auto control = std::make_shared<StuckCollector::Control>();
  std::vector<NamedCollector> collectors;
  collectors.push_back(
      {"good", std::make_unique<ScriptedCollector>("a", nullptr)});
  collectors.push_back({"stuck", std::make_unique<StuckCollector>(control)});
  CollectorSet set(std::move(collectors), std::chrono::seconds(1));
  for (int scrape = 0; scrape < 3; ++scrape) {
    const auto out = set.Collect();  // returns: the deadline holds
    EXPECT_NE(FindFamily(out, "a"), nullptr);
    EXPECT_EQ(FindFamily(out, "stuck_family"), nullptr);
    EXPECT_EQ(Sample(out, "portwatch_scrape_collector_success", "good"), 1.0);
    EXPECT_EQ(Sample(out, "portwatch_scrape_collector_timeout", "good"), 0.0);
    EXPECT_EQ(Sample(out, "portwatch_scrape_collector_success", "stuck"), 0.0);
    EXPECT_EQ(Sample(out, "portwatch_scrape_collector_timeout", "stuck"), 1.0);
  }
  {
    std::lock_guard<std::mutex> lock(control->mutex);
    EXPECT_EQ(control->calls, 1);  // never started again while stuck
  }
  EXPECT_FALSE(set.Stop(std::chrono::steady_clock::now()));
  control->Release();  // the read returns at last
  EXPECT_TRUE(
      set.Stop(std::chrono::steady_clock::now() + std::chrono::seconds(60)));
}

TEST(CollectorSetTest, ACollectorThatReturnsAfterAStallServesTheNextScrape) {
  auto control = std::make_shared<StuckCollector::Control>();
  std::vector<NamedCollector> collectors;
  collectors.push_back({"stuck", std::make_unique<StuckCollector>(control)});
  CollectorSet set(std::move(collectors), std::chrono::milliseconds(20));
  EXPECT_EQ(
      Sample(set.Collect(), "portwatch_scrape_collector_timeout", "stuck"),
      1.0);
  control->Release();
  // The stalled collection's late result is dropped; a new one serves.
  std::vector<prometheus::MetricFamily> out;
  // Until the stalled collection has returned (a scrape meanwhile does not
  // wait for it), then one that waits as long as it takes.
  do {
    out = set.CollectBy(std::chrono::steady_clock::now() +
                        std::chrono::seconds(60));
  } while (Sample(out, "portwatch_scrape_collector_timeout", "stuck") == 1.0);
  EXPECT_NE(FindFamily(out, "stuck_family"), nullptr);
  std::lock_guard<std::mutex> lock(control->mutex);
  EXPECT_EQ(control->calls, 2);
}

TEST(CollectorSetTest, StopEndsTheScrapeWaitingForAStuckCollector) {
  auto control = std::make_shared<StuckCollector::Control>();
  std::vector<NamedCollector> collectors;
  collectors.push_back({"stuck", std::make_unique<StuckCollector>(control)});
  CollectorSet set(std::move(collectors), std::chrono::hours(1));
  std::vector<prometheus::MetricFamily> out;
  std::thread scrape([&] { out = set.Collect(); });
  for (;;) {  // until the stuck collection has begun
    std::lock_guard<std::mutex> lock(control->mutex);
    if (control->calls == 1) break;
  }
  EXPECT_FALSE(set.Stop(std::chrono::steady_clock::now()));
  scrape.join();  // answered long before the hour is up
  EXPECT_EQ(Sample(out, "portwatch_scrape_collector_timeout", "stuck"), 1.0);
  control->Release();
}

/// Waits for `peers` collectors (itself included) to be inside Collect at
/// the same time.
class RendezvousCollector : public Collector {
 public:
  struct Meeting {
    std::mutex mutex;
    std::condition_variable arrived;
    int inside = 0;
  };
  RendezvousCollector(std::shared_ptr<Meeting> meeting, int peers)
      : meeting_(std::move(meeting)), peers_(peers) {}
  void Collect(std::vector<prometheus::MetricFamily>&) override {
    std::unique_lock<std::mutex> lock(meeting_->mutex);
    ++meeting_->inside;
    meeting_->arrived.notify_all();
    if (!meeting_->arrived.wait_for(lock, std::chrono::seconds(30), [this] {
          return meeting_->inside >= peers_;
        })) {
      throw std::runtime_error("ran alone");
    }
  }

 private:
  std::shared_ptr<Meeting> meeting_;
  int peers_;
};

TEST(CollectorSetTest, CollectorsRunAtTheSameTime) {
  auto meeting = std::make_shared<RendezvousCollector::Meeting>();
  std::vector<NamedCollector> collectors;
  for (const char* name : {"one", "two", "three"}) {
    collectors.push_back(
        {name, std::make_unique<RendezvousCollector>(meeting, 3)});
  }
  CollectorSet set(std::move(collectors), std::chrono::seconds(60));
  const auto out = set.Collect();
  for (const char* name : {"one", "two", "three"}) {
    EXPECT_EQ(Sample(out, "portwatch_scrape_collector_success", name), 1.0)
        << name;
  }
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
