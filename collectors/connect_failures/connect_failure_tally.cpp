#include "collectors/connect_failures/connect_failure_tally.h"

namespace portwatch {

ConnectFailureTally::ConnectFailureTally(ConnectFailureTallyLimits limits)
    : destinations_(limits.max_tracked_keys, limits.half_life_seconds),
      processes_(limits.max_tracked_keys, limits.half_life_seconds),
      namespaces_(limits.max_tracked_keys, limits.half_life_seconds) {}

void ConnectFailureTally::DrainFrom(ConnectFailureSource& source, double now) {
  now_ = now;
  try {
    source.Drain(*this);
  } catch (...) {
    Settle();
    throw;
  }
  Settle();
}

void ConnectFailureTally::OnTotals(const ConnectFailureTotals& totals,
                                   std::uint64_t generation) {
  if (generation != generation_) {
    // A (re)loaded program counts from zero again.
    kernel_totals_.fill(0);
    generation_ = generation;
  }
  for (PortOperation operation : kPortOperations) {
    for (AddressFamily family : kAddressFamilies) {
      const std::size_t slot = Slot(operation, family);
      const std::uint64_t kernel = totals[static_cast<std::size_t>(operation)]
                                         [static_cast<std::size_t>(family)];
      // Smaller than last time only if the program was replaced unseen.
      totals_[slot] += kernel >= kernel_totals_[slot]
                           ? kernel - kernel_totals_[slot]
                           : kernel;
      kernel_totals_[slot] = kernel;
    }
  }
}

void ConnectFailureTally::OnFailures(const ConnectFailureKey& key,
                                     std::uint64_t count) {
  attributed_[Slot(key.operation, key.family)] += count;
  if (key.operation == PortOperation::kConnect) {
    destinations_.Add(
        {key.netns, key.family, key.destination, key.destination_port}, count,
        now_);
  }
  processes_.Add({key.netns, key.process, key.pid}, count, now_);
  namespaces_.Add(key.netns, count, now_);
}

void ConnectFailureTally::Settle() {
  // What the totals counted and no drained key did was evicted from the
  // kernel's map. A drain may also run ahead of the totals read just before
  // it (a failure counted in between); that evens out at the next drain, so
  // only growth of the difference is lost.
  for (PortOperation operation : kPortOperations) {
    for (AddressFamily family : kAddressFamilies) {
      const std::size_t slot = Slot(operation, family);
      if (totals_[slot] <= attributed_[slot] + lost_[slot]) continue;
      const std::uint64_t newly_lost =
          totals_[slot] - attributed_[slot] - lost_[slot];
      lost_[slot] += newly_lost;
      if (operation == PortOperation::kConnect) {
        destinations_.AddOther(newly_lost);
      }
      processes_.AddOther(newly_lost);
      namespaces_.AddOther(newly_lost);
    }
  }
  destinations_.Trim(now_);
  processes_.Trim(now_);
  namespaces_.Trim(now_);
}

}  // namespace portwatch
