#include "base/small_file_linux.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

#include "base/line_reader_linux.h"
#include "base/source_error.h"

namespace portwatch {

namespace {

std::string ReadAll(const UniqueFd& fd, const std::string& path,
                    std::size_t max_bytes) {
  std::string content;
  char chunk[4096];
  for (;;) {
    const ssize_t got = ReadRetrying(fd.get(), chunk, sizeof chunk);
    if (got < 0) ThrowOsError("cannot read", path);
    if (got == 0) break;
    content.append(chunk, static_cast<std::size_t>(got));
    if (content.size() > max_bytes) {
      throw SourceError(path + " is larger than " + std::to_string(max_bytes) +
                        " bytes");
    }
  }
  return content;
}

}  // namespace

std::string ReadSmallFile(const std::string& path, std::size_t max_bytes) {
  const UniqueFd fd = OpenForReading(path);
  if (!fd.valid()) ThrowOsError("cannot open", path);
  return ReadAll(fd, path, max_bytes);
}

std::string ReadRegularFile(const std::string& path, std::size_t max_bytes) {
  int raw;
  do {
    raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  } while (raw < 0 && errno == EINTR);
  const UniqueFd fd(raw);
  if (!fd.valid()) ThrowOsError("cannot open", path);
  struct stat info;
  if (::fstat(fd.get(), &info) != 0) ThrowOsError("cannot stat", path);
  if (!S_ISREG(info.st_mode)) {
    throw SourceError(path + " is not a regular file");
  }
  return ReadAll(fd, path, max_bytes);
}

}  // namespace portwatch
