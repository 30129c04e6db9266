#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace portwatch {

/// Monotonic counters per key for at most `capacity` keys, ranked by recent
/// activity: each key's score grows by what it counts and halves every
/// `half_life_seconds`, so the top K are the keys failing now rather than
/// the ones that failed most long ago. When more keys than the capacity
/// exist, Trim() forgets the least active ones and adds their counts to
/// Other(), so nothing counted is ever lost: the counts of all keys plus
/// Other() only grow. Times are seconds on any monotonic clock.
template <typename Key>
class RankedCounters {
 public:
  RankedCounters(std::size_t capacity, double half_life_seconds)
      : capacity_(capacity), half_life_(half_life_seconds) {}

  void Add(const Key& key, std::uint64_t count, double now) {
    Entry& entry = entries_[key];
    entry.score = entry.ScoreAt(now, half_life_) + static_cast<double>(count);
    entry.scored_at = now;
    entry.count += count;
  }

  /// Counts that belong to no key (e.g. lost before they were attributed).
  void AddOther(std::uint64_t count) { other_ += count; }

  /// Forgets the least active keys beyond the capacity into Other().
  void Trim(double now) {
    if (entries_.size() <= capacity_) return;
    std::vector<Ranked> ranked = Rank(now);
    for (std::size_t i = capacity_; i < ranked.size(); ++i) {
      auto found = entries_.find(*ranked[i].key);
      other_ += found->second.count;
      entries_.erase(found);
    }
  }

  /// The `k` most active keys with their counts, most active first (ties:
  /// higher count, then key order).
  std::vector<std::pair<Key, std::uint64_t>> Top(std::size_t k,
                                                 double now) const {
    std::vector<Ranked> ranked = Rank(now);
    ranked.resize(std::min(k, ranked.size()));
    std::vector<std::pair<Key, std::uint64_t>> top;
    top.reserve(ranked.size());
    for (const Ranked& entry : ranked)
      top.emplace_back(*entry.key, entry.count);
    return top;
  }

  std::uint64_t Other() const { return other_; }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint64_t count = 0;
    double score = 0;
    double scored_at = 0;

    double ScoreAt(double now, double half_life) const {
      if (score == 0 || now <= scored_at) return score;
      return score * std::exp2(-(now - scored_at) / half_life);
    }
  };
  struct Ranked {
    const Key* key;
    double score;
    std::uint64_t count;
  };

  std::vector<Ranked> Rank(double now) const {
    std::vector<Ranked> ranked;
    ranked.reserve(entries_.size());
    for (const auto& [key, entry] : entries_) {
      ranked.push_back({&key, entry.ScoreAt(now, half_life_), entry.count});
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const Ranked& a, const Ranked& b) {
                       if (a.score != b.score) return a.score > b.score;
                       return a.count > b.count;
                     });
    return ranked;
  }

  std::size_t capacity_;
  double half_life_;
  std::map<Key, Entry> entries_;
  std::uint64_t other_ = 0;
};

}  // namespace portwatch
