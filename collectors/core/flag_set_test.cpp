#include "collectors/core/flag_set.h"

#include <gtest/gtest.h>

namespace portwatch {
namespace {

// What `apply` threw, or "" when it did not.
template <typename Apply>
std::string ErrorOf(Apply apply) {
  try {
    apply();
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

TEST(ParseCountTest, TakesDigitsWithinBounds) {
  EXPECT_EQ(ParseCount("f", "0", 0, 10), 0u);
  EXPECT_EQ(ParseCount("f", "10", 0, 10), 10u);
  EXPECT_EQ(ParseCount("f", "007", 0, 10), 7u);
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "abc", "11", "1e3",
                          "99999999999999999999"}) {
    EXPECT_EQ(ErrorOf([&] { ParseCount("f", bad, 0, 10); }),
              std::string("--f wants a whole number from 0 to 10, got \"") +
                  bad + "\"");
  }
  EXPECT_NE(ErrorOf([] { ParseCount("f", "0", 1, 10); }), "");
}

TEST(ParseDurationTest, TakesSecondsMinutesHoursAndDays) {
  EXPECT_EQ(ParseDuration("f", "0").count(), 0);
  EXPECT_EQ(ParseDuration("f", "90s").count(), 90);
  EXPECT_EQ(ParseDuration("f", "30m").count(), 1800);
  EXPECT_EQ(ParseDuration("f", "2h").count(), 7200);
  EXPECT_EQ(ParseDuration("f", "1d").count(), 86400);
  EXPECT_EQ(ParseDuration("f", "999999d").count(), 999999LL * 86400);
  for (const char* bad :
       {"", "h", "1", "1w", "-1h", "+1h", "1.5h", "1234567h", "0s5"}) {
    EXPECT_NE(ErrorOf([&] {
                ParseDuration("f", bad);
              }).find("--f wants a duration like 90s"),
              std::string::npos)
        << bad;
  }
}

TEST(FlagSetTest, EachKindStoresItsValueIntoItsOwner) {
  std::string text = "x";
  std::size_t count = 3;
  std::chrono::seconds since{0};
  bool on = false;
  enum class Color { kRed, kBlue } color = Color::kRed;
  FlagSet flags;
  flags.String("text", "T", "a text", &text);
  flags.Count("count", "N", "a count", 1, 5, &count);
  flags.Duration("since", "a duration", &since);
  flags.Bool("on", "a switch", &on);
  flags.Choice<Color>("color", "C", "a color",
                      {{"red", Color::kRed}, {"blue", Color::kBlue}}, &color);
  EXPECT_EQ(flags.Names(), (std::vector<std::string>{"text", "count", "since",
                                                     "on", "color"}));
  EXPECT_TRUE(flags.Has("count"));
  EXPECT_FALSE(flags.Has("counts"));
  EXPECT_TRUE(flags.IsSwitch("on"));
  EXPECT_FALSE(flags.IsSwitch("count"));
  EXPECT_FALSE(flags.IsSwitch("absent"));
  EXPECT_FALSE(flags.Apply("counts", "1"));
  EXPECT_TRUE(flags.Apply("text", "y"));
  EXPECT_TRUE(flags.Apply("count", "5"));
  EXPECT_TRUE(flags.Apply("since", "2m"));
  EXPECT_TRUE(flags.Apply("on", "true"));
  EXPECT_TRUE(flags.Apply("color", "blue"));
  EXPECT_EQ(text, "y");
  EXPECT_EQ(count, 5u);
  EXPECT_EQ(since.count(), 120);
  EXPECT_TRUE(on);
  EXPECT_EQ(color, Color::kBlue);
  EXPECT_EQ(ErrorOf([&] { flags.Apply("text", ""); }),
            "--text must not be empty");
  EXPECT_EQ(ErrorOf([&] { flags.Apply("on", "yes"); }),
            "--on wants one of true|false, got \"yes\"");
  EXPECT_EQ(ErrorOf([&] { flags.Apply("color", "green"); }),
            "--color wants one of red|blue, got \"green\"");
  EXPECT_EQ(color, Color::kBlue);  // a refused value changes nothing
}

TEST(FlagSetTest, HelpShowsTheDefaultsTheOwnersHadWhenDeclared) {
  std::size_t count = 3;
  bool on = false;
  FlagSet flags;
  flags.Count("count", "N", "a count", 1, 5, &count);
  flags.Bool("on", "a switch", &on);
  flags.Add("free", "X", "no default", "", [](const std::string&) {});
  count = 4;
  EXPECT_EQ(flags.Help(),
            "  --count=N                         a count (1..5) (default: 3)\n"
            "  --[no-]on                         a switch (default: false)\n"
            "  --free=X                          no default\n");
}

TEST(FlagSetTest, TopKFlagsAreBoundedByOneLimit) {
  std::size_t rows = 10;
  FlagSet flags;
  flags.TopK("x.top-rows", "rows to export", &rows);
  EXPECT_TRUE(flags.Apply("x.top-rows", std::to_string(kMaxTopK)));
  EXPECT_EQ(rows, kMaxTopK);
  EXPECT_TRUE(flags.Apply("x.top-rows", "0"));
  EXPECT_EQ(rows, 0u);
  EXPECT_NE(
      ErrorOf([&] { flags.Apply("x.top-rows", std::to_string(kMaxTopK + 1)); }),
      "");
  EXPECT_EQ(rows, 0u);
  EXPECT_EQ(flags.Help(),
            "  --x.top-rows=K                    rows to export (0..10000) "
            "(default: 10)\n");
}

TEST(FlagSetTest, ARenamedPrefixStillWorksButIsNotListed) {
  std::size_t rows = 1;
  bool on = false;
  FlagSet flags;
  flags.TopK("collector.a_b.top", "rows", &rows);
  flags.Bool("collector.a_b.pid", "pids", &on);
  flags.RenamedPrefix("collector.a-b.", "collector.a_b.");
  EXPECT_TRUE(flags.Has("collector.a-b.top"));
  EXPECT_TRUE(flags.IsSwitch("collector.a-b.pid"));
  EXPECT_FALSE(flags.Has("collector.a-b.absent"));
  EXPECT_FALSE(flags.Has("collector.a-bc.top"));
  EXPECT_TRUE(flags.Apply("collector.a-b.top", "7"));
  EXPECT_EQ(rows, 7u);
  EXPECT_TRUE(flags.Apply("collector.a_b.top", "8"));
  EXPECT_EQ(rows, 8u);
  EXPECT_EQ(flags.Names(), (std::vector<std::string>{"collector.a_b.top",
                                                     "collector.a_b.pid"}));
  EXPECT_EQ(flags.Help().find("a-b"), std::string::npos);
}

TEST(FlagSetTest, HelpPutsALongFlagsDescriptionOnTheNextLine) {
  // help2man tells a flag from its description by two spaces or more, or
  // by a next line indented 20 or more: one space made a garbled man page.
  const std::string left(33, 'x');
  EXPECT_EQ(HelpEntry(left.substr(1), "fits"),
            "  " + left.substr(1) + "  fits\n");
  EXPECT_EQ(HelpEntry(left, "below"),
            "  " + left + "\n" + std::string(36, ' ') + "below\n");
}

}  // namespace
}  // namespace portwatch
