#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "endpoint_keys.h"

namespace portwatch {

/// Counts occurrences per key for one scrape, tracking at most `max_keys`
/// distinct keys so memory stays bounded whatever the socket table holds.
/// Occurrences of keys that arrive once the table is full are counted as
/// untracked instead. Owns its map.
template <typename Key>
class BoundedCounter {
 public:
  using Map = std::unordered_map<Key, std::uint64_t, EndpointHash>;

  explicit BoundedCounter(std::size_t max_keys) : max_keys_(max_keys) {}

  /// Adds one occurrence of `key`; returns its new count, or 0 when the key
  /// is not tracked because the table is full.
  std::uint64_t Add(const Key& key) {
    auto found = counts_.find(key);
    if (found != counts_.end()) return ++found->second;
    if (counts_.size() >= max_keys_) {
      ++untracked_;
      return 0;
    }
    counts_.emplace(key, 1);
    return 1;
  }

  const Map& counts() const { return counts_; }
  /// Occurrences not attributed to their key (the table was full).
  std::uint64_t untracked() const { return untracked_; }

 private:
  std::size_t max_keys_;
  Map counts_;
  std::uint64_t untracked_ = 0;
};

}  // namespace portwatch
