#pragma once

#include <dirent.h>

#include <memory>
#include <string>
#include <string_view>

namespace portwatch {

/// Closes a directory stream.
struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};
/// Owns a directory stream.
using UniqueDir = std::unique_ptr<DIR, DirCloser>;

/// Calls `on_entry(name)` for every entry of the open directory but . and ..
/// (`name` views the entry's NUL-terminated d_name, valid during the call).
template <typename OnEntry>
void ForEachEntry(DIR* dir, OnEntry on_entry) {
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") on_entry(name);
  }
}

/// Calls `on_entry(name)` for every entry of `path` but . and ..; false
/// when the directory cannot be opened (errno says why).
template <typename OnEntry>
bool ForEachEntry(const std::string& path, OnEntry on_entry) {
  UniqueDir dir(::opendir(path.c_str()));
  if (!dir) return false;
  ForEachEntry(dir.get(), on_entry);
  return true;
}

}  // namespace portwatch
