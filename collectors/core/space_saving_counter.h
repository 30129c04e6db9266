#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "collectors/core/endpoint_keys.h"

namespace portwatch {

/// A key's count in a SpaceSavingCounter. `count` may exceed the true count
/// by at most `error` (0 while the counter has never been full).
struct Tally {
  std::uint64_t count = 0;
  std::uint64_t error = 0;
};

/// Counts occurrences per key for one scrape in at most `capacity` entries.
/// Below capacity it is an exact hash map. Once full it follows the
/// Space-Saving algorithm (Metwally et al., 2005): a new key replaces the
/// key with the smallest count and inherits that count plus one, so every
/// key occurring more than total/capacity times is kept, counts never
/// under-state, and over-statement is at most max_error(). Increments of
/// kept keys stay O(1); replacements use a lazily refreshed min-heap.
/// Owns its tables.
template <typename Key>
class SpaceSavingCounter {
 public:
  using Map = std::unordered_map<Key, Tally, EndpointHash>;

  explicit SpaceSavingCounter(std::size_t capacity)
      : capacity_(std::max<std::size_t>(capacity, 1)) {}

  /// Adds one occurrence of `key`. Returns its (estimated) count and
  /// whether the key was newly added to the table.
  std::pair<std::uint64_t, bool> Add(const Key& key) {
    auto found = tallies_.find(key);
    if (found != tallies_.end()) return {++found->second.count, false};
    if (tallies_.size() < capacity_) {
      tallies_.emplace(key, Tally{1, 0});
      return {1, true};
    }
    const std::uint64_t smallest = EvictSmallest();
    max_error_ = smallest;
    tallies_.emplace(key, Tally{smallest + 1, smallest});
    heap_.emplace_back(smallest + 1, key);
    std::push_heap(heap_.begin(), heap_.end(), Greater);
    return {smallest + 1, true};
  }

  const Map& tallies() const { return tallies_; }
  /// Upper bound on any count's over-statement; 0 means every count is exact.
  std::uint64_t max_error() const { return max_error_; }

 private:
  using HeapEntry = std::pair<std::uint64_t, Key>;  // count when pushed

  static bool Greater(const HeapEntry& a, const HeapEntry& b) {
    return a.first > b.first;
  }

  // Removes the key with the smallest count and returns that count. Heap
  // entries go stale as counts grow; a stale top is re-pushed with its
  // current count until the top is current.
  std::uint64_t EvictSmallest() {
    if (heap_.empty()) {
      heap_.reserve(tallies_.size() + 1);
      for (const auto& [key, tally] : tallies_) {
        heap_.emplace_back(tally.count, key);
      }
      std::make_heap(heap_.begin(), heap_.end(), Greater);
    }
    for (;;) {
      std::pop_heap(heap_.begin(), heap_.end(), Greater);
      HeapEntry top = std::move(heap_.back());
      heap_.pop_back();
      auto found = tallies_.find(top.second);
      if (found->second.count == top.first) {
        tallies_.erase(found);
        return top.first;
      }
      heap_.emplace_back(found->second.count, std::move(top.second));
      std::push_heap(heap_.begin(), heap_.end(), Greater);
    }
  }

  std::size_t capacity_;
  Map tallies_;
  std::vector<HeapEntry> heap_;  // empty until the table first fills
  std::uint64_t max_error_ = 0;
};

}  // namespace portwatch
