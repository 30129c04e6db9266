#include "collectors/core/namespace_labels.h"

#include <string>

namespace portwatch {

std::vector<Label> NamespaceLabels(const NetworkNamespace& ns) {
  std::vector<Label> labels = {{"netns", std::to_string(ns.inode)}};
  if (!ns.name.empty()) labels.push_back({"netns_name", ns.name});
  if (!ns.identity.container_id.empty()) {
    labels.push_back({"container_id", ns.identity.container_id});
  }
  if (!ns.identity.pod_uid.empty()) {
    labels.push_back({"pod_uid", ns.identity.pod_uid});
  }
  return labels;
}

}  // namespace portwatch
