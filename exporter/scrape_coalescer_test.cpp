#include "exporter/scrape_coalescer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <thread>
#include <vector>

namespace portwatch {
namespace {

const Deadline kNoDeadline = Deadline::max();

/// A collect function that blocks until released, counting its calls.
class GatedCollect {
 public:
  ScrapeCoalescer::Result operator()() {
    std::unique_lock<std::mutex> lock(mutex_);
    const int call = ++calls_;
    entered_.notify_all();
    released_.wait(lock, [&] { return open_; });
    if (throw_) throw std::runtime_error("collect failed");
    return std::make_shared<const MetricsPage>("result " +
                                               std::to_string(call));
  }
  void WaitUntilEntered(int calls) {
    std::unique_lock<std::mutex> lock(mutex_);
    entered_.wait(lock, [&] { return calls_ >= calls; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    released_.notify_all();
  }
  int calls() {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }
  bool throw_ = false;

 private:
  std::mutex mutex_;
  std::condition_variable entered_;
  std::condition_variable released_;
  int calls_ = 0;
  bool open_ = false;
};

TEST(ScrapeCoalescerTest, ConcurrentScrapesShareOneCollection) {
  GatedCollect gate;
  ScrapeCoalescer coalescer([&](Deadline) { return gate(); });
  std::vector<ScrapeCoalescer::Result> results(16);
  std::thread first([&] { results[0] = coalescer.Scrape(kNoDeadline); });
  gate.WaitUntilEntered(1);
  std::vector<std::thread> joiners;
  for (int i = 1; i < 16; ++i) {
    joiners.emplace_back([&, i] {
      results[static_cast<std::size_t>(i)] = coalescer.Scrape(kNoDeadline);
    });
  }
  // Every joiner is blocked on the running collection before it ends; one
  // that started a second collection instead would never be counted here
  // (and the assertions below would catch it).
  while (coalescer.waiting() < 15 && gate.calls() == 1) {
    std::this_thread::yield();
  }
  EXPECT_EQ(coalescer.waiting(), 15u);
  gate.Open();
  first.join();
  for (auto& thread : joiners) thread.join();
  EXPECT_EQ(gate.calls(), 1);
  for (const auto& result : results) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->text(), "result 1");
  }
}

TEST(ScrapeCoalescerTest, SequentialScrapesCollectAfresh) {
  GatedCollect gate;
  gate.Open();
  ScrapeCoalescer coalescer([&](Deadline) { return gate(); });
  EXPECT_EQ(coalescer.Scrape(kNoDeadline)->text(), "result 1");
  EXPECT_EQ(coalescer.Scrape(kNoDeadline)->text(), "result 2");
}

TEST(ScrapeCoalescerTest, AFailedCollectionGivesNullAndDoesNotWedge) {
  GatedCollect gate;
  gate.Open();
  gate.throw_ = true;
  ScrapeCoalescer coalescer([&](Deadline) { return gate(); });
  EXPECT_EQ(coalescer.Scrape(kNoDeadline), nullptr);
  gate.throw_ = false;
  ASSERT_TRUE(coalescer.Scrape(kNoDeadline));
}

TEST(ScrapeCoalescerTest, CollectionsRunOnOneThreadOfItsOwn) {
  std::vector<std::thread::id> collected_on;
  ScrapeCoalescer coalescer([&](Deadline) {
    collected_on.push_back(std::this_thread::get_id());
    return std::make_shared<const MetricsPage>("x");
  });
  std::thread::id first_caller;
  std::thread first([&] {
    first_caller = std::this_thread::get_id();
    coalescer.Scrape(kNoDeadline);
  });
  first.join();
  coalescer.Scrape(kNoDeadline);
  ASSERT_EQ(collected_on.size(), 2u);
  EXPECT_EQ(collected_on[0], collected_on[1]);
  EXPECT_NE(collected_on[0], first_caller);
  EXPECT_NE(collected_on[0], std::this_thread::get_id());
}

TEST(ScrapeCoalescerTest, ACollectionGetsTheDeadlineOfTheScrapeThatAsked) {
  std::vector<Deadline> deadlines;
  ScrapeCoalescer coalescer([&](Deadline deadline) {
    deadlines.push_back(deadline);
    return std::make_shared<const MetricsPage>("x");
  });
  const Deadline soon =
      std::chrono::steady_clock::now() + std::chrono::seconds(3);
  coalescer.Scrape(soon);
  ASSERT_EQ(deadlines.size(), 1u);
  EXPECT_EQ(deadlines[0], soon);
}

TEST(ScrapeCoalescerTest, StopReleasesWaitingScrapesAndRefusesNewOnes) {
  GatedCollect gate;
  ScrapeCoalescer coalescer([&](Deadline) { return gate(); });
  ScrapeCoalescer::Result first = std::make_shared<const MetricsPage>("-");
  std::thread waiting([&] { first = coalescer.Scrape(kNoDeadline); });
  gate.WaitUntilEntered(1);
  coalescer.Stop();
  waiting.join();  // released although the collection still runs
  EXPECT_EQ(first, nullptr);
  EXPECT_EQ(coalescer.Scrape(kNoDeadline), nullptr);
  gate.Open();  // lets the destructor join the collection thread
}

}  // namespace
}  // namespace portwatch
