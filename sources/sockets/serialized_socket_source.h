#pragma once

#include <memory>
#include <mutex>
#include <utility>

#include "sources/sockets/socket_source.h"

namespace portwatch {

/// A SocketSource shared by collectors that run at the same time (tcp and
/// process read the exporter's own table, each on its own thread): one
/// read at a time, as the readers underneath (a netlink socket, a line
/// reader, the fallback between them) expect. A read that hangs holds up
/// only the collectors that need the table.
class SerializedSocketSource : public SocketSource {
 public:
  explicit SerializedSocketSource(std::unique_ptr<SocketSource> source)
      : source_(std::move(source)) {}

  void ForEachSocket(SocketVisitor& visitor) override {
    std::lock_guard<std::mutex> lock(mutex_);
    source_->ForEachSocket(visitor);
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<SocketSource> source_;
};

}  // namespace portwatch
