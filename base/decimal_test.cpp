#include "base/decimal.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace portwatch {
namespace {

TEST(DecimalTest, TakesTheLeadingDigits) {
  std::string_view text = "4096 rest";
  std::uint32_t value = 0;
  EXPECT_EQ(TakeDecimal(text, value), DecimalStatus::kOk);
  EXPECT_EQ(value, 4096u);
  EXPECT_EQ(text, " rest");
  EXPECT_EQ(TakeDecimal(text, value), DecimalStatus::kNoDigits);
  EXPECT_EQ(text, " rest");
  std::string_view big = "4294967296";
  EXPECT_EQ(TakeDecimal(big, value), DecimalStatus::kTooLarge);
  EXPECT_EQ(big, "4294967296");
}

TEST(DecimalTest, ParsesOnlyWholeDecimalNumbers) {
  EXPECT_EQ(ParseDecimal<std::uint16_t>("65535"), 65535);
  EXPECT_EQ(ParseDecimal<std::uint16_t>("00080"), 80);
  EXPECT_EQ(ParseDecimal<std::uint64_t>("18446744073709551615"),
            18446744073709551615ull);
  for (const char* bad :
       {"", "65536", "-1", "+1", " 1", "1 ", "0x10", "1e3", "12a"}) {
    EXPECT_EQ(ParseDecimal<std::uint16_t>(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace portwatch
