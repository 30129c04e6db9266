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

}  // namespace portwatch
