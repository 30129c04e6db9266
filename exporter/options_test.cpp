#include "exporter/options.h"

#include <gtest/gtest.h>

#include <memory>

namespace portwatch {
namespace {

// A catalog of three collectors; "b" is off by default and has a flag and
// a switch (`b_switch`, when given).
std::vector<CollectorDefinition> TestCatalog(
    std::shared_ptr<std::size_t> b, std::shared_ptr<bool> b_switch = nullptr) {
  std::vector<CollectorDefinition> catalog(3);
  catalog[0].name = "a";
  catalog[1].name = "b";
  catalog[1].enabled_by_default = false;
  if (!b_switch) b_switch = std::make_shared<bool>(false);
  catalog[1].declare_flags = [b, b_switch](FlagSet& flags, SourceOptions&) {
    flags.Count("collector.b.limit", "N", "b's limit", 1, 9, b.get());
    flags.Bool("collector.b.deep", "b goes deep", b_switch.get());
  };
  catalog[2].name = "c";
  return catalog;
}

Options Parse(std::vector<std::string> args) {
  return ParseOptions(args, TestCatalog(std::make_shared<std::size_t>(1)));
}

std::string ErrorOf(std::vector<std::string> args) {
  try {
    Parse(std::move(args));
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

TEST(OptionsTest, Defaults) {
  Options options = Parse({});
  EXPECT_EQ(options.listen_addresses, std::vector<std::string>{":10058"});
  EXPECT_EQ(options.telemetry_path, "/metrics");
  EXPECT_EQ(options.max_requests, 40u);
  EXPECT_EQ(options.web_config_file, "");
  EXPECT_EQ(options.sources.procfs_root, "/proc");
  EXPECT_EQ(options.sources.tcp_source, TcpSourceKind::kNetlink);
  EXPECT_EQ(options.log_level, LogLevel::kInfo);
  EXPECT_EQ(options.log_format, LogFormat::kLogfmt);
  EXPECT_EQ(options.enabled_collectors, (std::vector<std::string>{"a", "c"}));
  EXPECT_FALSE(options.show_help);
  EXPECT_FALSE(options.show_version);
}

TEST(OptionsTest, BothValueForms) {
  Options options = Parse({"--web.telemetry-path", "/m", "--web.max-requests=0",
                           "--web.config.file=/etc/web.yml",
                           "--log.level=debug", "--log.format", "json"});
  EXPECT_EQ(options.telemetry_path, "/m");
  EXPECT_EQ(options.max_requests, 0u);
  EXPECT_EQ(options.web_config_file, "/etc/web.yml");
  EXPECT_EQ(options.log_level, LogLevel::kDebug);
  EXPECT_EQ(options.log_format, LogFormat::kJson);
}

TEST(OptionsTest, CollectorFlagsLandInTheCollectorsOwnState) {
  auto limit = std::make_shared<std::size_t>(1);
  ParseOptions({"--collector.b.limit=7"}, TestCatalog(limit));
  EXPECT_EQ(*limit, 7u);
  auto other = std::make_shared<std::size_t>(1);
  ParseOptions({"--collector.b.limit", "8"}, TestCatalog(other));
  EXPECT_EQ(*other, 8u);
}

TEST(OptionsTest, SwitchesGoWithOrWithoutAValue) {
  auto limit = std::make_shared<std::size_t>(1);
  auto deep = std::make_shared<bool>(false);
  ParseOptions({"--collector.b.deep", "--collector.b.limit=3"},
               TestCatalog(limit, deep));
  EXPECT_TRUE(*deep);
  EXPECT_EQ(*limit, 3u);
  ParseOptions({"--no-collector.b.deep"}, TestCatalog(limit, deep));
  EXPECT_FALSE(*deep);
  ParseOptions({"--collector.b.deep=true"}, TestCatalog(limit, deep));
  EXPECT_TRUE(*deep);
  // A switch never takes the next argument, which is then one of its own.
  EXPECT_EQ(ErrorOf({"--collector.b.deep", "false"}),
            "unexpected argument \"false\" (flags start with --; see "
            "--help)");
  EXPECT_EQ(ErrorOf({"--no-collector.b.limit"}),
            "unknown flag --no-collector.b.limit (see --help)");
}

TEST(OptionsTest, ListenAddressRepeatsReplaceTheDefault) {
  Options options = Parse({"--web.listen-address=127.0.0.1:1",
                           "--web.listen-address", "127.0.0.2:2"});
  EXPECT_EQ(options.listen_addresses,
            (std::vector<std::string>{"127.0.0.1:1", "127.0.0.2:2"}));
}

TEST(OptionsTest, CollectorSwitches) {
  EXPECT_EQ(Parse({"--no-collector.a"}).enabled_collectors,
            (std::vector<std::string>{"c"}));
  EXPECT_EQ(Parse({"--collector.b"}).enabled_collectors,
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Parse({"--no-collector.c", "--collector.c"}).enabled_collectors,
            (std::vector<std::string>{"a", "c"}));
}

TEST(OptionsTest, CollectorSwitchesTakeTrueOrFalseAsEveryOtherSwitch) {
  EXPECT_EQ(Parse({"--collector.a=false"}).enabled_collectors,
            (std::vector<std::string>{"c"}));
  EXPECT_EQ(Parse({"--collector.b=true"}).enabled_collectors,
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(
      Parse({"--collector.c=false", "--collector.c=true"}).enabled_collectors,
      (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(ErrorOf({"--collector.a=1"}),
            "--collector.a wants one of true|false, got \"1\"");
  EXPECT_EQ(ErrorOf({"--collector.a="}),
            "--collector.a wants one of true|false, got \"\"");
  EXPECT_EQ(ErrorOf({"--no-collector.a=false"}),
            "--no-collector.a takes no value (use --collector.a=true|false)");
  EXPECT_EQ(ErrorOf({"--no-collector.b.deep=true"}),
            "--no-collector.b.deep takes no value (use "
            "--collector.b.deep=true|false)");
}

TEST(OptionsTest, CollectorListNamesExactlyTheCollectorsToRun) {
  // As windows_exporter's --collectors.enabled (the MSI passes it).
  EXPECT_EQ(Parse({"--collectors.enabled=b"}).enabled_collectors,
            (std::vector<std::string>{"b"}));
  EXPECT_EQ(Parse({"--collectors.enabled", "c,b"}).enabled_collectors,
            (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(Parse({"--collectors.enabled=[defaults],b"}).enabled_collectors,
            (std::vector<std::string>{"a", "b", "c"}));
  // Later switches still apply; earlier ones are replaced by the list.
  EXPECT_EQ(
      Parse({"--collectors.enabled=b", "--collector.a"}).enabled_collectors,
      (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(
      Parse({"--collector.b", "--collectors.enabled=c"}).enabled_collectors,
      (std::vector<std::string>{"c"}));
  EXPECT_EQ(ErrorOf({"--collectors.enabled=a,nosuch"}),
            "--collectors.enabled: unknown collector \"nosuch\" (see --help)");
  EXPECT_EQ(ErrorOf({"--collectors.enabled="}),
            "--collectors.enabled needs at least one name");
}

TEST(OptionsTest, CollectorSwitchesMaySpellUnderscoresAsDashes) {
  std::vector<CollectorDefinition> catalog(1);
  catalog[0].name = "connect_failures";
  catalog[0].enabled_by_default = false;
  EXPECT_EQ(ParseOptions({"--collector.connect-failures"}, catalog)
                .enabled_collectors,
            (std::vector<std::string>{"connect_failures"}));
  EXPECT_EQ(ParseOptions({"--collector.connect_failures"}, catalog)
                .enabled_collectors,
            (std::vector<std::string>{"connect_failures"}));
  EXPECT_THROW(ParseOptions({"--collector.connect-failure"}, catalog),
               UsageError);
}

TEST(OptionsTest, CollectorFlagsAreNamedAsTheCollectorAndTakeDashesToo) {
  std::vector<CollectorDefinition> catalog(1);
  catalog[0].name = "connect_failures";
  auto rows = std::make_shared<std::size_t>(10);
  catalog[0].declare_flags = [rows](FlagSet& flags, SourceOptions&) {
    flags.TopK("collector.connect_failures.top-rows", "rows", rows.get());
  };
  ParseOptions({"--collector.connect_failures.top-rows=3"}, catalog);
  EXPECT_EQ(*rows, 3u);
  ParseOptions({"--collector.connect-failures.top-rows=4"}, catalog);
  EXPECT_EQ(*rows, 4u);
  EXPECT_THROW(
      ParseOptions({"--collector.connect-failure.top-rows=5"}, catalog),
      UsageError);
  const std::string usage = Usage(catalog);
  EXPECT_NE(usage.find("--collector.connect_failures.top-rows=K"),
            std::string::npos);
  EXPECT_EQ(usage.find("connect-failures"), std::string::npos);
}

TEST(OptionsTest, HelpAndVersion) {
  EXPECT_TRUE(Parse({"--help"}).show_help);
  EXPECT_TRUE(Parse({"--version"}).show_version);
  const std::string usage =
      Usage(TestCatalog(std::make_shared<std::size_t>(1)));
  for (const char* line :
       {"\n  --web.listen-address=ADDRESS      address to listen on",
        "(default: :10058)\n", "\n  --log.level=LEVEL ", "(default: info)\n",
        "\n  --collector.b.limit=N ", "\n  --[no-]collector.a ",
        "\n  --[no-]collector.b ", "(default: disabled)\n"}) {
    EXPECT_NE(usage.find(line), std::string::npos) << line;
  }
}

TEST(OptionsTest, ThisPlatformsFlagsOnly) {
  const std::string usage = Usage(BuiltInCollectors());
  EXPECT_NE(usage.find("--collector.tcp.top-endpoints=K"), std::string::npos);
  EXPECT_NE(usage.find("--[no-]collector.portrange"), std::string::npos);
  const bool linux_flags = usage.find("--path.procfs") != std::string::npos;
  const bool windows_flags =
      usage.find("--collector.tcpip_events.since") != std::string::npos;
  EXPECT_NE(linux_flags, windows_flags) << usage;
  EXPECT_EQ(usage.find("--collector.tcp.source") != std::string::npos,
            linux_flags);
  EXPECT_EQ(usage.find("--[no-]collector.portrange.excluded-ranges") !=
                std::string::npos,
            windows_flags);
}

TEST(OptionsTest, BadCommandLinesSayWhy) {
  EXPECT_EQ(ErrorOf({"--bogus"}), "unknown flag --bogus (see --help)");
  EXPECT_EQ(ErrorOf({"--collector.nosuch"}),
            "unknown flag --collector.nosuch (see --help)");
  EXPECT_EQ(ErrorOf({"positional"}),
            "unexpected argument \"positional\" (flags start with --; see "
            "--help)");
  EXPECT_EQ(ErrorOf({"--log.level"}), "--log.level needs a value");
  EXPECT_EQ(ErrorOf({"--log.level=loud"}),
            "--log.level wants one of debug|info|warn|error, got \"loud\"");
  EXPECT_EQ(ErrorOf({"--log.format=xml"}),
            "--log.format wants one of logfmt|json, got \"xml\"");
  EXPECT_EQ(ErrorOf({"--web.max-requests=1001"}),
            "--web.max-requests wants a whole number from 0 to 1000, got "
            "\"1001\"");
  EXPECT_EQ(ErrorOf({"--collector.b.limit=0"}),
            "--collector.b.limit wants a whole number from 1 to 9, got \"0\"");
  EXPECT_EQ(ErrorOf({"--web.config.file="}),
            "--web.config.file must not be empty");
  EXPECT_NE(ErrorOf({"--web.telemetry-path=metrics"}).find("start with '/'"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--web.telemetry-path=/"}).find("landing page"),
            std::string::npos);
  EXPECT_EQ(ErrorOf({"--help=yes"}), "--help takes no value");
}

}  // namespace
}  // namespace portwatch
