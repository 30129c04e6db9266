#include "sources/process/image_process_names.h"

#include <algorithm>
#include <map>

#include "base/source_error.h"

namespace portwatch {
namespace {
constexpr std::uint32_t kSystemPid = 4;
}

std::string FileNameOf(const std::string& path) {
  const std::size_t slash = path.find_last_of("\\/");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

ImageProcessNames::ImageProcessNames(
    std::unique_ptr<ProcessDirectory> directory)
    : directory_(std::move(directory)) {}

std::vector<ProcessIdentity> ImageProcessNames::Describe(
    const std::vector<std::uint32_t>& pids) {
  std::vector<ProcessIdentity> identities;
  if (pids.empty()) return identities;
  std::map<std::uint32_t, std::vector<std::string>> services;
  try {
    for (auto& [name, pid] : directory_->RunningServices()) {
      services[pid].push_back(std::move(name));
    }
  } catch (const SourceError&) {
    services.clear();  // named by image only; the names are a courtesy
  }
  for (std::uint32_t pid : pids) {
    ProcessIdentity identity;
    identity.pid = pid;
    identity.name = FileNameOf(directory_->ImagePath(pid));
    if (identity.name.empty() && pid == kSystemPid) identity.name = "System";
    auto hosted = services.find(pid);
    if (hosted != services.end()) {
      std::vector<std::string>& names = hosted->second;
      std::sort(names.begin(), names.end());
      for (const std::string& name : names) {
        if (!identity.services.empty()) identity.services += ',';
        identity.services += name;
      }
    }
    identities.push_back(std::move(identity));
  }
  return identities;
}

}  // namespace portwatch
