// Tests of the count of /metrics pages sent per encoding.
#include "exporter/metrics_responses.h"

#include <gtest/gtest.h>

#include "tests/fakes/metric_lookup.h"

namespace portwatch {
namespace {

using fakes::SampleValue;

TEST(MetricsResponsesTest, CountsPagesAndBytesPerEncoding) {
  MetricsResponses responses;
  const auto collectable = MakeMetricsResponsesCollectable(responses);
  auto families = collectable->Collect();
  EXPECT_EQ(SampleValue(families, "portwatch_web_metrics_responses_total",
                        {"encoding=gzip"}),
            0.0);
  responses.Count(PageEncoding::kGzip, 100);
  responses.Count(PageEncoding::kGzip, 50);
  responses.Count(PageEncoding::kIdentity, 1000);
  families = collectable->Collect();
  EXPECT_EQ(SampleValue(families, "portwatch_web_metrics_responses_total",
                        {"encoding=gzip"}),
            2.0);
  EXPECT_EQ(SampleValue(families, "portwatch_web_metrics_response_bytes_total",
                        {"encoding=gzip"}),
            150.0);
  EXPECT_EQ(SampleValue(families, "portwatch_web_metrics_responses_total",
                        {"encoding=identity"}),
            1.0);
  EXPECT_EQ(SampleValue(families, "portwatch_web_metrics_response_bytes_total",
                        {"encoding=identity"}),
            1000.0);
}

}  // namespace
}  // namespace portwatch
