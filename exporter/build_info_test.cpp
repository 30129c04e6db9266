// Tests of portwatch_exporter_build_info.
#include "exporter/build_info.h"

#include <gtest/gtest.h>

#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

TEST(BuildInfoTest, PublishesOneSampleWithEveryLabelIncludingOs) {
  const BuildInfo info{"1.2.3", "abcdef012345", "GNU 12.2.0", "windows"};
  const auto families = MakeBuildInfoCollectable(info)->Collect();
  ASSERT_EQ(families.size(), 1u);
  ASSERT_EQ(families[0].metric.size(), 1u);
  EXPECT_EQ(fakes::SampleValue(families, "portwatch_exporter_build_info",
                               {"version=1.2.3", "revision=abcdef012345",
                                "compiler=GNU 12.2.0", "os=windows"}),
            1.0);
  EXPECT_EQ(families[0].metric[0].label.size(), 4u);
}

TEST(BuildInfoTest, CurrentBuildNamesAKnownOs) {
  const std::string& os = CurrentBuildInfo().os;
  EXPECT_TRUE(os == "linux" || os == "windows") << os;
  const auto families = MakeBuildInfoCollectable(CurrentBuildInfo())->Collect();
  EXPECT_EQ(fakes::SampleValue(families, "portwatch_exporter_build_info",
                               {"os=" + os}),
            1.0);
}

}  // namespace
}  // namespace portwatch
