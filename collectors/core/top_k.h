#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace portwatch {

/// The `k` entries of `counts` (a map from Key to a tally with a `count`,
/// such as SpaceSavingCounter's) with the highest
/// counts, highest first; equal counts are ordered by key so the selection
/// is exact and deterministic. Copies only the keys it returns.
template <typename Key, typename Map>
std::vector<std::pair<Key, std::uint64_t>> TopK(const Map& counts,
                                                std::size_t k) {
  using Entry = const typename Map::value_type*;
  std::vector<Entry> entries;
  entries.reserve(counts.size());
  for (const auto& entry : counts) entries.push_back(&entry);
  const std::size_t keep = std::min(k, entries.size());
  auto higher = [](Entry a, Entry b) {
    const std::uint64_t a_count = a->second.count;
    const std::uint64_t b_count = b->second.count;
    if (a_count != b_count) return a_count > b_count;
    return a->first < b->first;
  };
  std::partial_sort(entries.begin(),
                    entries.begin() + static_cast<std::ptrdiff_t>(keep),
                    entries.end(), higher);
  std::vector<std::pair<Key, std::uint64_t>> top;
  top.reserve(keep);
  for (std::size_t i = 0; i < keep; ++i) {
    top.emplace_back(entries[i]->first, entries[i]->second.count);
  }
  return top;
}

/// Keeps the `k` best of values offered one at a time, where better(a, b)
/// says that a ranks above b (a strict weak order; ties need a tie-breaker
/// for a deterministic result). Memory is bounded by `k`, not by the
/// number of values offered.
template <typename T, typename Better>
class BestK {
 public:
  explicit BestK(std::size_t k, Better better = Better())
      : k_(k), better_(std::move(better)) {}

  void Offer(T value) {
    if (k_ == 0) return;
    if (kept_.size() < k_) {
      kept_.push_back(std::move(value));
      return;
    }
    auto worst = std::min_element(
        kept_.begin(), kept_.end(),
        [this](const T& a, const T& b) { return better_(b, a); });
    if (better_(value, *worst)) *worst = std::move(value);
  }

  /// The kept values, best first.
  std::vector<T> Sorted() const {
    std::vector<T> sorted = kept_;
    std::sort(sorted.begin(), sorted.end(), better_);
    return sorted;
  }

  /// The kept values, best first; leaves this empty.
  std::vector<T> TakeSorted() {
    std::vector<T> sorted = std::move(kept_);
    kept_.clear();
    std::sort(sorted.begin(), sorted.end(), better_);
    return sorted;
  }

 private:
  std::size_t k_;
  Better better_;
  std::vector<T> kept_;
};

}  // namespace portwatch
