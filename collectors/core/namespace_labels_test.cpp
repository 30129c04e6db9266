#include "collectors/core/namespace_labels.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace portwatch {
namespace {

std::vector<std::pair<std::string, std::string>> Pairs(
    const std::vector<Label>& labels) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Label& label : labels) out.emplace_back(label.first, label.second);
  return out;
}

TEST(NamespaceLabelsTest, InodeOnlyWhenNothingElseIsKnown) {
  NetworkNamespace ns;
  ns.inode = 4026531840;
  EXPECT_EQ(Pairs(NamespaceLabels(ns)),
            (std::vector<std::pair<std::string, std::string>>{
                {"netns", "4026531840"}}));
}

TEST(NamespaceLabelsTest, NameContainerAndPodFollowInDeclaredOrder) {
  NetworkNamespace ns;
  ns.inode = 7;
  ns.name = "router";
  ns.identity.container_id = "c0ffee";
  ns.identity.pod_uid = "p-1";
  const auto labels = NamespaceLabels(ns);
  EXPECT_EQ(Pairs(labels), (std::vector<std::pair<std::string, std::string>>{
                               {"netns", "7"},
                               {"netns_name", "router"},
                               {"container_id", "c0ffee"},
                               {"pod_uid", "p-1"}}));
  std::size_t i = 0;
  for (const char* name : kNamespaceLabelNames) {
    EXPECT_STREQ(labels[i++].first, name);
  }
}

}  // namespace
}  // namespace portwatch
