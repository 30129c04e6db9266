#pragma once

#include <cstddef>
#include <string>

namespace portwatch {

/// Reads a whole small file (a sysctl or fixture). Throws SourceError naming
/// the path and the OS error when it cannot be read, and when it is larger
/// than `max_bytes` (so a wrong path cannot make a scrape read gigabytes).
std::string ReadSmallFile(const std::string& path, std::size_t max_bytes);

/// Streams a text file line by line through one fixed buffer owned by the
/// reader, without allocating per line. Not thread-safe.
class LineReader {
 public:
  explicit LineReader(std::size_t buffer_size);
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;
  ~LineReader();

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
  char* buffer_;
  std::size_t capacity_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  int fd_ = -1;
};

}  // namespace portwatch
