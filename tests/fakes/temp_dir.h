#pragma once

#include <string>

namespace portwatch::fakes {

/// A fresh directory under the system's temporary directory, removed with
/// everything in it when the TempDir is destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  /// Writes `content` to `relative` (under path()), creating its parent
  /// directories.
  void Write(const std::string& relative, const std::string& content) const;
  /// Replaces `relative` by a rename, as config management tools do.
  void Replace(const std::string& relative, const std::string& content) const;

 private:
  std::string path_;
};

}  // namespace portwatch::fakes
