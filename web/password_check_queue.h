#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>

namespace portwatch {

/// Lets password hashes (bcrypt: tens of milliseconds of CPU each) run one
/// at a time, in the order the requests arrived, instead of refusing the
/// ones that find it busy. A request waits at most `max_wait`, and at most
/// `max_waiting` requests wait at once; past either it gets no turn (the
/// server answers 503 with Retry-After), so wrong passwords cannot hold
/// every HTTP worker. Thread-safe.
class PasswordCheckQueue {
 public:
  PasswordCheckQueue(std::size_t max_waiting,
                     std::chrono::milliseconds max_wait)
      : max_waiting_(max_waiting), max_wait_(max_wait) {}
  PasswordCheckQueue(const PasswordCheckQueue&) = delete;
  PasswordCheckQueue& operator=(const PasswordCheckQueue&) = delete;

  /// One request's turn at hashing, held until destroyed; false when the
  /// request got none.
  class Turn {
   public:
    Turn(Turn&& other) noexcept : queue_(other.queue_) {
      other.queue_ = nullptr;
    }
    Turn& operator=(Turn&&) = delete;
    ~Turn();
    explicit operator bool() const { return queue_ != nullptr; }

   private:
    friend class PasswordCheckQueue;
    explicit Turn(PasswordCheckQueue* queue) : queue_(queue) {}
    PasswordCheckQueue* queue_;
  };

  /// Waits for this request's turn (see the class comment).
  Turn Wait();

  /// Requests waiting now (for tests and metrics).
  std::size_t waiting() const;

 private:
  void Release();

  const std::size_t max_waiting_;
  const std::chrono::milliseconds max_wait_;
  mutable std::mutex mutex_;
  std::condition_variable turn_over_;
  std::deque<std::uint64_t> waiting_;  // tickets, in arrival order
  std::uint64_t next_ticket_ = 0;
  bool hashing_ = false;
};

}  // namespace portwatch
