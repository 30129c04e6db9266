#pragma once

#include "sources/process/image_process_names.h"

namespace portwatch {

/// Image paths from QueryFullProcessImageNameW (PROCESS_QUERY_LIMITED_
/// INFORMATION, which services and elevated processes grant to an
/// administrator) and running services from EnumServicesStatusExW (those
/// with a process: one starting or stopping may have none yet).
class WindowsProcessDirectory : public ProcessDirectory {
 public:
  std::string ImagePath(std::uint32_t pid) override;
  std::vector<std::pair<std::string, std::uint32_t>> RunningServices() override;
};

}  // namespace portwatch
