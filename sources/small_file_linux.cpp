#include "small_file_linux.h"

#include "line_reader_linux.h"
#include "source_error.h"

namespace portwatch {

std::string ReadSmallFile(const std::string& path, std::size_t max_bytes) {
  const UniqueFd fd = OpenForReading(path);
  if (!fd.valid()) ThrowOsError("cannot open", path);
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

}  // namespace portwatch
