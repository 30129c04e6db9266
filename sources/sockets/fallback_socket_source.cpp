#include "sources/sockets/fallback_socket_source.h"

#include <utility>

namespace portwatch {

FallbackSocketSource::FallbackSocketSource(
    std::unique_ptr<SocketSource> primary,
    std::unique_ptr<SocketSource> fallback,
    std::function<void(const char*)> on_switch)
    : primary_(std::move(primary)),
      fallback_(std::move(fallback)),
      on_switch_(std::move(on_switch)) {}

void FallbackSocketSource::ForEachSocket(SocketVisitor& visitor) {
  if (!switched_) {
    try {
      primary_->ForEachSocket(visitor);
      return;
    } catch (const SourceUnavailable& error) {
      switched_ = true;
      if (on_switch_) on_switch_(error.what());
    }
  }
  fallback_->ForEachSocket(visitor);
}

}  // namespace portwatch
