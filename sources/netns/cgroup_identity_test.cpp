#include "sources/netns/cgroup_identity.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace portwatch {
namespace {

const std::string kId =
    "4f7e8c1d2b3a4f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6";
const std::string kUid = "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
const std::string kUidUnderscores = "0f1e2d3c_4b5a_4978_8796_a5b4c3d2e1f0";

void ExpectIdentity(const std::string& cgroup, const std::string& container,
                    const std::string& pod, const std::string& runtime) {
  const ContainerIdentity identity = ParseCgroupIdentity(cgroup);
  EXPECT_EQ(identity.container_id, container) << cgroup;
  EXPECT_EQ(identity.pod_uid, pod) << cgroup;
  EXPECT_EQ(identity.runtime, runtime) << cgroup;
}

TEST(CgroupIdentityTest, KubernetesWithTheSystemdDriver) {
  ExpectIdentity(
      "0::/kubepods.slice/kubepods-burstable.slice/"
      "kubepods-burstable-pod" +
          kUidUnderscores + ".slice/cri-containerd-" + kId + ".scope\n",
      kId, kUid, "containerd");
  ExpectIdentity("0::/kubepods.slice/kubepods-pod" + kUidUnderscores +
                     ".slice/crio-" + kId + ".scope\n",
                 kId, kUid, "cri-o");
  ExpectIdentity(
      "0::/kubepods.slice/kubepods-besteffort.slice/"
      "kubepods-besteffort-pod" +
          kUidUnderscores + ".slice/docker-" + kId + ".scope\n",
      kId, kUid, "docker");
}

TEST(CgroupIdentityTest, KubernetesWithTheCgroupfsDriver) {
  ExpectIdentity("0::/kubepods/burstable/pod" + kUid + "/" + kId + "\n", kId,
                 kUid, "");
  ExpectIdentity("0::/kubepods/pod" + kUid + "/crio-" + kId + "\n", kId, kUid,
                 "cri-o");
}

TEST(CgroupIdentityTest, DockerWithoutKubernetes) {
  ExpectIdentity("0::/system.slice/docker-" + kId + ".scope\n", kId, "",
                 "docker");
  ExpectIdentity("0::/docker/" + kId + "\n", kId, "", "docker");
}

TEST(CgroupIdentityTest, CgroupV1LinesAndUpperCase) {
  std::string upper = kId;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  ExpectIdentity("12:pids:/\n11:cpu,cpuacct:/kubepods/besteffort/pod" + kUid +
                     "/" + upper + "\n1:name=systemd:/\n",
                 kId, kUid, "");
}

TEST(CgroupIdentityTest, APodWithoutAContainerKeepsThePod) {
  // conmon (CRI-O's monitor) sits in the pod but is not the container.
  ExpectIdentity("0::/kubepods.slice/kubepods-pod" + kUidUnderscores +
                     ".slice/crio-conmon-" + kId + ".scope\n",
                 "", kUid, "");
}

TEST(CgroupIdentityTest, HostProcessesAndMalformedPathsSayNothing) {
  for (const std::string& cgroup : std::vector<std::string>{
           "", "0::/\n", "0::/init.scope\n",
           "0::/user.slice/user-1000.slice/session-3.scope\n",
           "0::/system.slice/" + kId + "\n",      // a bare id outside a runtime
           "0::/docker/" + kId.substr(1) + "\n",  // 63 digits
           "0::/kubepods/burstable/pod" + kUid.substr(1) + "/x\n",
           "garbage without colons", "0::/kubepods/pod/" + kId + "x\n",
           std::string("0::/kubepods/\0pod", 17)}) {
    const ContainerIdentity identity = ParseCgroupIdentity(cgroup);
    EXPECT_EQ(identity.container_id, "") << cgroup;
    EXPECT_EQ(identity.pod_uid, "") << cgroup;
    EXPECT_EQ(identity.runtime, "") << cgroup;
  }
}

}  // namespace
}  // namespace portwatch
