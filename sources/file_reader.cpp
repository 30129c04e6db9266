#include "file_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "source_error.h"

namespace portwatch {
namespace {

[[noreturn]] void ThrowOsError(const std::string& what,
                               const std::string& path) {
  throw SourceError(what + " " + path + ": " + std::strerror(errno));
}

int OpenForReading(const std::string& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

ssize_t ReadRetrying(int fd, char* data, std::size_t size) {
  ssize_t got;
  do {
    got = ::read(fd, data, size);
  } while (got < 0 && errno == EINTR);
  return got;
}

}  // namespace

std::string ReadSmallFile(const std::string& path, std::size_t max_bytes) {
  int fd = OpenForReading(path);
  if (fd < 0) ThrowOsError("cannot open", path);
  std::string content;
  char chunk[4096];
  for (;;) {
    ssize_t got = ReadRetrying(fd, chunk, sizeof chunk);
    if (got < 0) {
      int saved = errno;
      ::close(fd);
      errno = saved;
      ThrowOsError("cannot read", path);
    }
    if (got == 0) break;
    content.append(chunk, static_cast<std::size_t>(got));
    if (content.size() > max_bytes) {
      ::close(fd);
      throw SourceError(path + " is larger than " + std::to_string(max_bytes) +
                        " bytes");
    }
  }
  ::close(fd);
  return content;
}

LineReader::LineReader(std::size_t buffer_size)
    : buffer_(new char[buffer_size]), capacity_(buffer_size) {}

LineReader::~LineReader() {
  Close();
  delete[] buffer_;
}

bool LineReader::Open(const std::string& path) {
  Close();
  fd_ = OpenForReading(path);
  if (fd_ < 0) {
    if (errno == ENOENT) return false;
    ThrowOsError("cannot open", path);
  }
  path_ = path;
  begin_ = end_ = 0;
  eof_ = false;
  return true;
}

void LineReader::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void LineReader::Refill() {
  if (begin_ > 0) {
    std::memmove(buffer_, buffer_ + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  ssize_t got = ReadRetrying(fd_, buffer_ + end_, capacity_ - end_);
  if (got < 0) ThrowOsError("cannot read", path_);
  if (got == 0) eof_ = true;
  end_ += static_cast<std::size_t>(got);
}

bool LineReader::Next(std::string_view& line) {
  for (;;) {
    const char* start = buffer_ + begin_;
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
