#pragma once

#include <sys/types.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "base/unique_fd_linux.h"

namespace portwatch {

/// Opens `path` read-only (close-on-exec), retrying on EINTR; the result is
/// empty with errno set on failure.
UniqueFd OpenForReading(const std::string& path);

/// read(2) retrying on EINTR.
ssize_t ReadRetrying(int fd, char* data, std::size_t size);

/// Throws SourceError "<what> <path>: <strerror(errno)>".
[[noreturn]] void ThrowOsError(const std::string& what,
                               const std::string& path);

/// Streams a text file line by line through one fixed buffer owned by the
/// reader, without allocating per line. Not thread-safe.
class LineReader {
 public:
  explicit LineReader(std::size_t buffer_size);

  /// Opens `path`; returns false when it does not exist, throws SourceError
  /// on any other failure. Closes a previously opened file.
  bool Open(const std::string& path);
  /// Sets `line` (without '\n', valid until the next call) to the next line;
  /// returns false at end of file. Throws SourceError on read errors and on
  /// lines that do not fit the buffer.
  bool Next(std::string_view& line);
  void Close();

 private:
  void Refill();

  std::string path_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  UniqueFd fd_;
};

}  // namespace portwatch
