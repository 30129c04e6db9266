#include "web/password_check_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace portwatch {
namespace {

using std::chrono::milliseconds;

void WaitUntilWaiting(const PasswordCheckQueue& queue, std::size_t count) {
  while (queue.waiting() != count) std::this_thread::yield();
}

TEST(PasswordCheckQueue, OneTurnAtATimeInArrivalOrder) {
  PasswordCheckQueue queue(8, milliseconds(60000));
  auto first = std::make_unique<PasswordCheckQueue::Turn>(queue.Wait());
  ASSERT_TRUE(*first);
  std::mutex order_mutex;
  std::vector<int> order;
  std::vector<std::thread> waiters;
  for (int i = 0; i < 4; ++i) {
    waiters.emplace_back([&, i] {
      const PasswordCheckQueue::Turn turn = queue.Wait();
      EXPECT_TRUE(turn);
      std::lock_guard<std::mutex> lock(order_mutex);
      order.push_back(i);
    });
    WaitUntilWaiting(queue, static_cast<std::size_t>(i) + 1);
  }
  first.reset();  // the turn ends: the others go one by one
  for (std::thread& waiter : waiters) waiter.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(queue.waiting(), 0u);
}

TEST(PasswordCheckQueue, AFullQueueOrALongWaitGetsNoTurn) {
  PasswordCheckQueue queue(1, milliseconds(50));
  const PasswordCheckQueue::Turn held = queue.Wait();
  ASSERT_TRUE(held);
  std::atomic<bool> waited{false};
  std::thread waiter([&] {
    EXPECT_FALSE(queue.Wait());  // times out behind `held`
    waited = true;
  });
  WaitUntilWaiting(queue, 1);
  if (!waited) {
    EXPECT_FALSE(queue.Wait());  // queue full: at once
  }
  waiter.join();
  EXPECT_EQ(queue.waiting(), 0u);
}

TEST(PasswordCheckQueue, AWaiterThatGaveUpDoesNotBlockTheNext) {
  PasswordCheckQueue queue(8, milliseconds(100));
  auto held = std::make_unique<PasswordCheckQueue::Turn>(queue.Wait());
  std::thread gives_up([&] { EXPECT_FALSE(queue.Wait()); });
  gives_up.join();  // waited 100 ms and left the queue
  held.reset();
  EXPECT_TRUE(queue.Wait());  // free again, nobody ahead
}

}  // namespace
}  // namespace portwatch
