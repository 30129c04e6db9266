#pragma once

#include <functional>
#include <memory>

#include "sources/sockets/socket_source.h"

namespace portwatch {

/// Uses `primary` until it throws SourceUnavailable, then switches to
/// `fallback` for good (calling `on_switch` once with the reason) and
/// retries the same scrape there. Owns both sources.
class FallbackSocketSource : public SocketSource {
 public:
  FallbackSocketSource(std::unique_ptr<SocketSource> primary,
                       std::unique_ptr<SocketSource> fallback,
                       std::function<void(const char* reason)> on_switch);
  void ForEachSocket(SocketVisitor& visitor) override;

 private:
  std::unique_ptr<SocketSource> primary_;
  std::unique_ptr<SocketSource> fallback_;
  std::function<void(const char*)> on_switch_;
  bool switched_ = false;
};

}  // namespace portwatch
