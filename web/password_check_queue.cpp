#include "web/password_check_queue.h"

#include <algorithm>

namespace portwatch {

PasswordCheckQueue::Turn::~Turn() {
  if (queue_ != nullptr) queue_->Release();
}

PasswordCheckQueue::Turn PasswordCheckQueue::Wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!hashing_ && waiting_.empty()) {
    hashing_ = true;
    return Turn(this);
  }
  if (waiting_.size() >= max_waiting_) return Turn(nullptr);
  const std::uint64_t ticket = next_ticket_++;
  waiting_.push_back(ticket);
  const bool mine = turn_over_.wait_for(
      lock, max_wait_, [&] { return !hashing_ && waiting_.front() == ticket; });
  if (!mine) {
    waiting_.erase(std::find(waiting_.begin(), waiting_.end(), ticket));
    turn_over_.notify_all();  // the one behind may be first now
    return Turn(nullptr);
  }
  waiting_.pop_front();
  hashing_ = true;
  return Turn(this);
}

void PasswordCheckQueue::Release() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    hashing_ = false;
  }
  turn_over_.notify_all();
}

std::size_t PasswordCheckQueue::waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_.size();
}

}  // namespace portwatch
