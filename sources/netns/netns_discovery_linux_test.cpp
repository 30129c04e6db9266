#include "sources/netns/netns_discovery_linux.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "base/source_error.h"
#include "tests/fakes/temp_dir.h"

namespace portwatch {
namespace {

const std::string kPodCgroup =
    "0::/kubepods.slice/kubepods-besteffort.slice/"
    "kubepods-besteffort-pod0f1e2d3c_4b5a_4978_8796_a5b4c3d2e1f0.slice/"
    "cri-containerd-"
    "4f7e8c1d2b3a4f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6.scope\n";

/// A fake procfs root and `ip netns` directory in a temporary directory.
class NetnsDiscoveryTest : public ::testing::Test {
 protected:
  std::string proc() const { return dir_.path() + "/proc"; }
  std::string named() const { return dir_.path() + "/netns"; }

  /// Process `pid` in the namespace the link target names.
  void Process(const std::string& pid, const std::string& link_target,
               const std::string& cgroup = "0::/\n") {
    dir_.Write("proc/" + pid + "/cgroup", cgroup);
    ::mkdir((proc() + "/" + pid + "/ns").c_str(), 0755);
    ASSERT_EQ(::symlink(link_target.c_str(),
                        (proc() + "/" + pid + "/ns/net").c_str()),
              0);
  }
  /// A name in the netns directory; returns the inode it stands for.
  std::uint64_t Name(const std::string& name) {
    dir_.Write("netns/" + name, "");
    struct stat info;
    EXPECT_EQ(::stat((named() + "/" + name).c_str(), &info), 0);
    return info.st_ino;
  }

  fakes::TempDir dir_;
};

TEST(ParseNetnsLinkTest, ReadsTheInodeOfNetLinksOnly) {
  EXPECT_EQ(ParseNetnsLink("net:[4026531840]"), 4026531840u);
  EXPECT_EQ(ParseNetnsLink("net:[0]"), 0u);
  EXPECT_EQ(ParseNetnsLink("net:[]"), std::nullopt);
  EXPECT_EQ(ParseNetnsLink("net:[12"), std::nullopt);
  EXPECT_EQ(ParseNetnsLink("mnt:[4026531840]"), std::nullopt);
  EXPECT_EQ(ParseNetnsLink("net:[-1]"), std::nullopt);
  EXPECT_EQ(ParseNetnsLink("net:[99999999999999999999999]"), std::nullopt);
  EXPECT_EQ(ParseNetnsLink("net:[12]x"), std::nullopt);
}

TEST_F(NetnsDiscoveryTest, OneEntryPerNamespaceWithItsLowestProcess) {
  Process("300", "net:[4026532000]", kPodCgroup);
  Process("20", "net:[4026531840]");
  Process("1", "net:[4026531840]");
  Process("7", "net:[4026532000]", kPodCgroup);
  Process("9", "net:[4026532000]", "0::/other\n");
  Process("self", "net:[4026539999]");  // not a pid
  Process("44", "garbage");
  dir_.Write("proc/uptime", "1 1\n");
  const NamespaceListing listing = ListNetworkNamespaces(proc(), named());
  ASSERT_EQ(listing.namespaces.size(), 2u);
  const NetworkNamespace& host = listing.namespaces[0];
  EXPECT_EQ(host.inode, 4026531840u);
  EXPECT_EQ(host.pid, 1u);
  EXPECT_EQ(host.path, proc() + "/1/ns/net");
  EXPECT_TRUE(host.identity.container_id.empty());
  const NetworkNamespace& pod = listing.namespaces[1];
  EXPECT_EQ(pod.inode, 4026532000u);
  EXPECT_EQ(pod.pid, 7u);
  EXPECT_EQ(pod.path, proc() + "/7/ns/net");
  EXPECT_EQ(pod.identity.pod_uid, "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0");
  EXPECT_EQ(pod.identity.runtime, "containerd");
  EXPECT_EQ(listing.processes_denied, 0u);
  EXPECT_EQ(listing.own_inode, 4026539999u);  // from the "self" link
}

TEST_F(NetnsDiscoveryTest, NamesJoinTheirProcessesNamespaceOrStandAlone) {
  const std::uint64_t alone = Name("blue");
  const std::uint64_t shared = Name("red");
  Process("5", "net:[" + std::to_string(shared) + "]");
  const NamespaceListing listing = ListNetworkNamespaces(proc(), named());
  ASSERT_EQ(listing.namespaces.size(), 2u);
  for (const NetworkNamespace& ns : listing.namespaces) {
    if (ns.inode == alone) {
      EXPECT_EQ(ns.name, "blue");
      EXPECT_EQ(ns.pid, 0u);
      EXPECT_EQ(ns.path, named() + "/blue");
    } else {
      EXPECT_EQ(ns.inode, shared);
      EXPECT_EQ(ns.name, "red");
      EXPECT_EQ(ns.pid, 5u);
      EXPECT_EQ(ns.path, proc() + "/5/ns/net");  // a process path is kept
    }
  }
  EXPECT_LT(listing.namespaces[0].inode, listing.namespaces[1].inode);
}

TEST_F(NetnsDiscoveryTest, NamesAreMadeUtf8) {
  Process("1", "net:[4026531840]");
  Name("caf\xe9");  // Latin-1, as a careless script may write it
  const NamespaceListing listing = ListNetworkNamespaces(proc(), named());
  ASSERT_EQ(listing.namespaces.size(), 2u);
  const NetworkNamespace& named_one = listing.namespaces[0].name.empty()
                                          ? listing.namespaces[1]
                                          : listing.namespaces[0];
  EXPECT_EQ(named_one.name, "caf\xEF\xBF\xBD");
  EXPECT_EQ(named_one.path, named() + "/caf\xe9");  // as on disk
}

TEST_F(NetnsDiscoveryTest, AMissingNamesDirectoryMeansNoNames) {
  Process("1", "net:[4026531840]");
  const NamespaceListing listing =
      ListNetworkNamespaces(proc(), dir_.path() + "/absent");
  ASSERT_EQ(listing.namespaces.size(), 1u);
  EXPECT_TRUE(listing.namespaces[0].name.empty());
}

TEST_F(NetnsDiscoveryTest, AProcessWithoutCgroupFileHasNoIdentity) {
  Process("8", "net:[4026532001]", kPodCgroup);
  ASSERT_EQ(::unlink((proc() + "/8/cgroup").c_str()), 0);
  const NamespaceListing listing = ListNetworkNamespaces(proc(), named());
  ASSERT_EQ(listing.namespaces.size(), 1u);
  EXPECT_TRUE(listing.namespaces[0].identity.pod_uid.empty());
}

TEST_F(NetnsDiscoveryTest, AnUnlistableProcfsIsAnError) {
  EXPECT_THROW(ListNetworkNamespaces(dir_.path() + "/absent", named()),
               SourceError);
}

TEST(NetnsDiscoveryLiveTest, FindsThisProcesssOwnNamespace) {
  struct stat own;
  ASSERT_EQ(::stat("/proc/self/ns/net", &own), 0);
  const NamespaceListing listing = ListNetworkNamespaces("/proc", "/run/netns");
  bool found = false;
  for (const NetworkNamespace& ns : listing.namespaces) {
    if (ns.inode == own.st_ino) {
      found = true;
      // The lowest pid in the namespace: a live process in it (this
      // process, or one started before it).
      ASSERT_GT(ns.pid, 0u);
      EXPECT_LE(ns.pid, static_cast<std::uint32_t>(::getpid()));
      struct stat its;
      ASSERT_EQ(
          ::stat(("/proc/" + std::to_string(ns.pid) + "/ns/net").c_str(), &its),
          0);
      EXPECT_EQ(its.st_ino, own.st_ino);
    }
  }
  EXPECT_TRUE(found) << "own namespace " << own.st_ino << " not listed";
  EXPECT_EQ(listing.own_inode, own.st_ino);
}

}  // namespace
}  // namespace portwatch
