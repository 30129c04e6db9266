#include "sources/process/image_process_names.h"

#include <gtest/gtest.h>

#include <map>

#include "base/source_error.h"

namespace portwatch {
namespace {

/// Image paths and services held in memory.
class FakeDirectory : public ProcessDirectory {
 public:
  std::map<std::uint32_t, std::string> images;
  std::vector<std::pair<std::string, std::uint32_t>> services;
  bool services_fail = false;
  int service_calls = 0;

  std::string ImagePath(std::uint32_t pid) override {
    auto found = images.find(pid);
    return found == images.end() ? std::string() : found->second;
  }
  std::vector<std::pair<std::string, std::uint32_t>> RunningServices()
      override {
    ++service_calls;
    if (services_fail) throw SourceError("access denied");
    return services;
  }
};

TEST(ImageProcessNamesTest, NamesByImageAndHostedServices) {
  auto directory = std::make_unique<FakeDirectory>();
  directory->images[900] = "C:\\Windows\\System32\\svchost.exe";
  directory->images[1200] = "C:\\Program Files\\App\\client.exe";
  directory->services = {{"NlaSvc", 900}, {"Dnscache", 900}, {"W32Time", 77}};
  FakeDirectory* fake = directory.get();
  ImageProcessNames names(std::move(directory));
  const auto identities = names.Describe({900, 1200, 4, 5555});
  ASSERT_EQ(identities.size(), 4u);
  EXPECT_EQ(identities[0].pid, 900u);
  EXPECT_EQ(identities[0].name, "svchost.exe");
  EXPECT_EQ(identities[0].services, "Dnscache,NlaSvc");
  EXPECT_EQ(identities[1].name, "client.exe");
  EXPECT_EQ(identities[1].services, "");
  EXPECT_EQ(identities[2].name, "System");
  EXPECT_EQ(identities[3].name, "");  // exited
  EXPECT_EQ(fake->service_calls, 1);
  EXPECT_TRUE(names.Describe({}).empty());
  EXPECT_EQ(fake->service_calls, 1);  // nothing to name, nothing asked
}

TEST(ImageProcessNamesTest, WithoutTheServiceListNamesByImageOnly) {
  auto directory = std::make_unique<FakeDirectory>();
  directory->images[900] = "C:\\Windows\\System32\\svchost.exe";
  directory->services = {{"Dnscache", 900}};
  directory->services_fail = true;
  ImageProcessNames names(std::move(directory));
  const auto identities = names.Describe({900});
  EXPECT_EQ(identities[0].name, "svchost.exe");
  EXPECT_EQ(identities[0].services, "");
}

TEST(FileNameOfTest, TakesTheLastComponent) {
  EXPECT_EQ(FileNameOf("C:\\a\\b.exe"), "b.exe");
  EXPECT_EQ(FileNameOf("/usr/bin/curl"), "curl");
  EXPECT_EQ(FileNameOf("plain"), "plain");
  EXPECT_EQ(FileNameOf(""), "");
}

}  // namespace
}  // namespace portwatch
