#include "sources/netns/cgroup_identity.h"

#include <array>
#include <cctype>

namespace portwatch {
namespace {

constexpr std::size_t kContainerIdLength = 64;

bool IsHex(std::string_view text) {
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return !text.empty();
}

// The 8-4-4-4-12 UID in `text` (dashes or, in systemd slice names,
// underscores), lower-cased; empty when `text` is not one.
std::string NormalizedUid(std::string_view text) {
  static constexpr std::array<std::size_t, 5> kGroups = {8, 4, 4, 4, 12};
  if (text.size() != 36) return "";
  std::string uid;
  std::size_t at = 0;
  for (std::size_t group = 0; group < kGroups.size(); ++group) {
    if (group > 0) {
      if (text[at] != '-' && text[at] != '_') return "";
      uid += '-';
      ++at;
    }
    const std::string_view digits = text.substr(at, kGroups[group]);
    if (!IsHex(digits)) return "";
    for (char c : digits) {
      uid += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    at += kGroups[group];
  }
  return uid;
}

// Whether `component` starts with `prefix` and ends with `suffix`; then
// `inner` is what lies between.
bool Strip(std::string_view component, std::string_view prefix,
           std::string_view suffix, std::string_view& inner) {
  if (component.size() < prefix.size() + suffix.size() ||
      component.substr(0, prefix.size()) != prefix ||
      component.substr(component.size() - suffix.size()) != suffix) {
    return false;
  }
  inner = component.substr(prefix.size(),
                           component.size() - prefix.size() - suffix.size());
  return true;
}

// The pod UID a path component names: "pod<uid>" (cgroupfs) or
// "kubepods[-<qos>]-pod<uid>.slice" (systemd).
std::string PodUid(std::string_view component) {
  std::string_view inner;
  if (Strip(component, "pod", "", inner)) return NormalizedUid(inner);
  if (component.substr(0, 8) == "kubepods" &&
      Strip(component, "", ".slice", inner)) {
    const std::size_t pod = inner.rfind("-pod");
    if (pod != std::string_view::npos) {
      return NormalizedUid(inner.substr(pod + 4));
    }
  }
  return "";
}

struct RuntimePrefix {
  std::string_view prefix;
  std::string_view suffix;
  std::string_view runtime;
};

// The container a path component names, with its runtime when known.
bool Container(std::string_view component, bool under_kubepods,
               bool under_docker, ContainerIdentity& identity) {
  static constexpr std::array<RuntimePrefix, 5> kPrefixes = {{
      {"cri-containerd-", ".scope", "containerd"},
      {"crio-", ".scope", "cri-o"},
      {"docker-", ".scope", "docker"},
      {"crio-", "", "cri-o"},
      {"", "", ""},
  }};
  for (const RuntimePrefix& candidate : kPrefixes) {
    std::string_view id;
    if (!Strip(component, candidate.prefix, candidate.suffix, id)) continue;
    if (id.size() != kContainerIdLength || !IsHex(id)) continue;
    // A bare id is a container only under /kubepods or /docker.
    if (candidate.prefix.empty() && !under_kubepods && !under_docker) {
      return false;
    }
    identity.container_id = std::string(id);
    for (char& c : identity.container_id) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    identity.runtime = std::string(candidate.runtime);
    if (identity.runtime.empty() && under_docker) identity.runtime = "docker";
    return true;
  }
  return false;
}

ContainerIdentity ParsePath(std::string_view path) {
  ContainerIdentity identity;
  bool under_kubepods = false;
  bool under_docker = false;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view component = path.substr(start, end - start);
    start = end + 1;
    if (component.empty()) continue;
    if (component == "kubepods" || component.substr(0, 9) == "kubepods.") {
      under_kubepods = true;
    }
    if (component == "docker") under_docker = true;
    if (under_kubepods && identity.pod_uid.empty()) {
      identity.pod_uid = PodUid(component);
      if (!identity.pod_uid.empty()) continue;
    }
    if (Container(component, under_kubepods, under_docker, identity)) break;
  }
  if (identity.container_id.empty()) identity.runtime.clear();
  return identity;
}

}  // namespace

ContainerIdentity ParseCgroupIdentity(std::string_view cgroup_file) {
  ContainerIdentity found;
  std::size_t start = 0;
  while (start < cgroup_file.size()) {
    std::size_t end = cgroup_file.find('\n', start);
    if (end == std::string_view::npos) end = cgroup_file.size();
    const std::string_view line = cgroup_file.substr(start, end - start);
    start = end + 1;
    // hierarchy-ID:controllers:path; the path may itself contain ':'.
    const std::size_t first = line.find(':');
    const std::size_t second =
        first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    ContainerIdentity identity = ParsePath(line.substr(second + 1));
    if (!identity.container_id.empty()) return identity;
    if (found.pod_uid.empty()) found.pod_uid = identity.pod_uid;
  }
  return found;
}

}  // namespace portwatch
