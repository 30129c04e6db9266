#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sources/process/process_source.h"

namespace portwatch {

/// What the OS says about processes, for naming them (Windows:
/// process_directory_windows.cpp).
class ProcessDirectory {
 public:
  virtual ~ProcessDirectory() = default;
  /// The full path of the process's image; empty when it cannot be
  /// opened (exited, protected).
  virtual std::string ImagePath(std::uint32_t pid) = 0;
  /// Every running service (name) and the process it runs in. Throws
  /// SourceError when the service list cannot be read.
  virtual std::vector<std::pair<std::string, std::uint32_t>>
  RunningServices() = 0;
};

/// Names processes by the file name of their image and, for processes that
/// host services (svchost.exe), the services they run; the services are
/// listed once per Describe. PID 4 is "System" when its image cannot be
/// read. Owns the directory.
class ImageProcessNames : public ProcessNames {
 public:
  explicit ImageProcessNames(std::unique_ptr<ProcessDirectory> directory);
  std::vector<ProcessIdentity> Describe(
      const std::vector<std::uint32_t>& pids) override;

 private:
  std::unique_ptr<ProcessDirectory> directory_;
};

/// The last component of a Windows or POSIX path.
std::string FileNameOf(const std::string& path);

}  // namespace portwatch
