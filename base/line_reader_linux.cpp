#include "base/line_reader_linux.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "base/source_error.h"

namespace portwatch {

void ThrowOsError(const std::string& what, const std::string& path) {
  throw SourceError(what + " " + path + ": " + std::strerror(errno));
}

UniqueFd OpenForReading(const std::string& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  return UniqueFd(fd);
}

ssize_t ReadRetrying(int fd, char* data, std::size_t size) {
  ssize_t got;
  do {
    got = ::read(fd, data, size);
  } while (got < 0 && errno == EINTR);
  return got;
}

LineReader::LineReader(std::size_t buffer_size)
    : buffer_(std::make_unique<char[]>(buffer_size)), capacity_(buffer_size) {}

bool LineReader::Open(const std::string& path) {
  Close();
  fd_ = OpenForReading(path);
  if (!fd_.valid()) {
    if (errno == ENOENT) return false;
    ThrowOsError("cannot open", path);
  }
  path_ = path;
  begin_ = end_ = 0;
  eof_ = false;
  return true;
}

void LineReader::Close() { fd_.Reset(); }

void LineReader::Refill() {
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  ssize_t got = ReadRetrying(fd_.get(), buffer_.get() + end_, capacity_ - end_);
  if (got < 0) ThrowOsError("cannot read", path_);
  if (got == 0) eof_ = true;
  end_ += static_cast<std::size_t>(got);
}

bool LineReader::Next(std::string_view& line) {
  for (;;) {
    const char* start = buffer_.get() + begin_;
    const void* newline = std::memchr(start, '\n', end_ - begin_);
    if (newline != nullptr) {
      std::size_t length =
          static_cast<std::size_t>(static_cast<const char*>(newline) - start);
      line = std::string_view(start, length);
      begin_ += length + 1;
      return true;
    }
    if (eof_) {
      if (begin_ == end_) return false;
      line = std::string_view(start, end_ - begin_);  // last line without \n
      begin_ = end_;
      return true;
    }
    if (begin_ == 0 && end_ == capacity_) {
      throw SourceError(path_ + ": line longer than " +
                        std::to_string(capacity_) + " bytes");
    }
    Refill();
  }
}

}  // namespace portwatch
