#include "sources/sockets/fallback_socket_source.h"

#include <gtest/gtest.h>

#include "tests/fakes/fake_sources.h"

namespace portwatch {
namespace {

struct Fixture {
  Fixture() {
    auto p = std::make_unique<fakes::FakeSocketSource>();
    auto f = std::make_unique<fakes::FakeSocketSource>();
    primary = p.get();
    fallback = f.get();
    fallback->rows.resize(3);
    primary->rows.resize(1);
    source = std::make_unique<FallbackSocketSource>(
        std::move(p), std::move(f),
        [this](const char* why) { reasons.push_back(why); });
  }
  fakes::FakeSocketSource* primary;
  fakes::FakeSocketSource* fallback;
  std::unique_ptr<FallbackSocketSource> source;
  std::vector<std::string> reasons;
};

TEST(FallbackSocketSourceTest, UsesPrimaryWhileItWorks) {
  Fixture f;
  fakes::RowCollector counter;
  f.source->ForEachSocket(counter);
  EXPECT_EQ(counter.rows.size(), 1u);
  EXPECT_EQ(f.fallback->calls, 0);
}

TEST(FallbackSocketSourceTest, SwitchesForGoodWhenPrimaryIsUnavailable) {
  Fixture f;
  f.primary->fail_after = 0;
  f.primary->unavailable = true;
  f.primary->error = "no sock_diag";
  f.primary->name = "netlink";
  f.fallback->name = "procfs";
  fakes::RowCollector counter;
  f.source->ForEachSocket(counter);
  EXPECT_EQ(counter.rows.size(), 3u);
  // The last name told is the source that answered.
  EXPECT_EQ(counter.sources, (std::vector<std::string>{"netlink", "procfs"}));
  f.source->ForEachSocket(counter);
  EXPECT_EQ(f.primary->calls, 1);
  EXPECT_EQ(f.fallback->calls, 2);
  ASSERT_EQ(f.reasons.size(), 1u);
  EXPECT_EQ(f.reasons[0], "no sock_diag");
}

TEST(FallbackSocketSourceTest, OtherErrorsAreNotHidden) {
  Fixture f;
  f.primary->fail_after = 0;
  fakes::RowCollector counter;
  EXPECT_THROW(f.source->ForEachSocket(counter), SourceError);
  EXPECT_EQ(f.fallback->calls, 0);
}

}  // namespace
}  // namespace portwatch
