#include "collectors/collector_catalog.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/fakes/fake_sources.h"

namespace portwatch {
namespace {

// Fake sources for every collector of any platform.
PlatformSources FakePlatformSources() {
  PlatformSources sources;
  auto ranges = std::make_unique<fakes::FakePortRangeSource>();
  ranges->ranges[AddressFamily::kIpv4] = EphemeralPortRange{};
  ranges->ranges[AddressFamily::kIpv6] = EphemeralPortRange{};
  sources.sockets = std::make_unique<fakes::FakeSocketSource>();
  sources.port_ranges = std::move(ranges);
  sources.tcpip_parameters = std::make_unique<fakes::FakeTcpipParameters>();
  sources.network_namespaces = std::make_unique<fakes::FakeNetnsSource>();
  sources.process_sockets = std::make_unique<fakes::FakeProcessSockets>();
  sources.process_names = std::make_unique<fakes::FakeProcessNames>();
  sources.connect_failures =
      std::make_unique<fakes::FakeConnectFailureSource>();
  sources.conntrack = std::make_unique<fakes::FakeConntrackSource>();
  return sources;
}

// The names of the flags `definition` declares.
std::vector<std::string> DeclaredFlags(const CollectorDefinition& definition) {
  SourceOptions options;
  FlagSet flags;
  if (definition.declare_flags) definition.declare_flags(flags, options);
  return flags.Names();
}

TEST(CollectorCatalogTest, SharedCollectorsComeFirstAndNamesAreUnique) {
  const std::vector<CollectorDefinition> catalog = BuiltInCollectors();
  ASSERT_GE(catalog.size(), 2u);
  EXPECT_EQ(catalog[0].name, "portrange");
  EXPECT_EQ(catalog[1].name, "tcp");
  std::set<std::string> names;
  for (const CollectorDefinition& definition : catalog) {
    EXPECT_TRUE(names.insert(definition.name).second) << definition.name;
    EXPECT_FALSE(definition.help.empty()) << definition.name;
  }
}

TEST(CollectorCatalogTest, EachCollectorsFlagsAreUnderItsOwnName) {
  for (const CollectorDefinition& definition : BuiltInCollectors()) {
    const std::string prefix = "collector." + definition.name + ".";
    for (const std::string& flag : DeclaredFlags(definition)) {
      EXPECT_EQ(flag.rfind(prefix, 0), 0u) << flag << " of " << definition.name;
    }
  }
}

TEST(CollectorCatalogTest, EveryCollectorBuildsFromThePlatformSources) {
  PlatformSources sources = FakePlatformSources();
  for (const CollectorDefinition& definition : BuiltInCollectors()) {
    EXPECT_TRUE(definition.make(sources)) << definition.name;
  }
}

}  // namespace
}  // namespace portwatch
