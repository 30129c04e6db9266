#include "options.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "listen_address.h"

namespace portwatch {
namespace {

Options Parse(std::vector<std::string> args) {
  return ParseOptions(args, BuiltInCollectors());
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
  EXPECT_EQ(options.sources.procfs_root, "/proc");
  EXPECT_EQ(options.sources.tcp_source, "netlink");
  EXPECT_EQ(options.tcp.top_endpoints, 20u);
  EXPECT_EQ(options.tcp.max_tracked_keys, 100000u);
  EXPECT_EQ(options.max_requests, 40);
  EXPECT_EQ(Parse({"--web.max-requests=0"}).max_requests, 0);
  EXPECT_THROW(Parse({"--web.max-requests=1001"}), UsageError);
  EXPECT_EQ(Parse({"--web.config.file=/etc/web.yml"}).web_config_file,
            "/etc/web.yml");
  EXPECT_EQ(Parse({}).web_config_file, "");
  EXPECT_THROW(Parse({"--web.config.file="}), UsageError);
  std::vector<std::string> defaults;
  for (const auto& definition : BuiltInCollectors()) {
    if (definition.enabled_by_default) defaults.push_back(definition.name);
  }
  EXPECT_EQ(options.enabled_collectors, defaults);
  EXPECT_EQ(std::vector<std::string>(defaults.begin(), defaults.begin() + 2),
            (std::vector<std::string>{"portrange", "tcp"}));
}

TEST(OptionsTest, Durations) {
  EXPECT_EQ(ParseDuration("f", "0").count(), 0);
  EXPECT_EQ(ParseDuration("f", "90s").count(), 90);
  EXPECT_EQ(ParseDuration("f", "30m").count(), 1800);
  EXPECT_EQ(ParseDuration("f", "2h").count(), 7200);
  EXPECT_EQ(ParseDuration("f", "1d").count(), 86400);
  for (const char* bad : {"", "h", "1", "1w", "-1h", "1.5h", "1234567h"}) {
    EXPECT_THROW(ParseDuration("f", bad), UsageError) << bad;
  }
  EXPECT_EQ(
      Parse({"--collector.tcpip-events.since=1h"}).tcpip_events_since.count(),
      3600);
}

TEST(OptionsTest, BothValueForms) {
  Options options =
      Parse({"--web.telemetry-path", "/m", "--collector.tcp.top-endpoints=5",
             "--path.procfs=/fixtures", "--collector.tcp.source", "procfs",
             "--log.level=debug", "--log.format=json"});
  EXPECT_EQ(options.telemetry_path, "/m");
  EXPECT_EQ(options.tcp.top_endpoints, 5u);
  EXPECT_EQ(options.sources.procfs_root, "/fixtures");
  EXPECT_EQ(options.sources.tcp_source, "procfs");
  EXPECT_EQ(options.log_level, "debug");
  EXPECT_EQ(options.log_format, "json");
}

TEST(OptionsTest, ListenAddressRepeatsReplaceTheDefault) {
  Options options = Parse({"--web.listen-address=127.0.0.1:1",
                           "--web.listen-address", "127.0.0.2:2"});
  EXPECT_EQ(options.listen_addresses,
            (std::vector<std::string>{"127.0.0.1:1", "127.0.0.2:2"}));
}

TEST(OptionsTest, CollectorSwitches) {
  auto without_tcp = Parse({"--no-collector.tcp"}).enabled_collectors;
  EXPECT_EQ(std::count(without_tcp.begin(), without_tcp.end(), "tcp"), 0);
  EXPECT_EQ(without_tcp.front(), "portrange");
  EXPECT_EQ(Parse({"--no-collector.tcp", "--collector.tcp"}).enabled_collectors,
            Parse({}).enabled_collectors);
}

TEST(OptionsTest, HelpAndVersion) {
  EXPECT_TRUE(Parse({"--help"}).show_help);
  EXPECT_TRUE(Parse({"--version"}).show_version);
  const std::string usage = Usage(BuiltInCollectors());
  for (const char* flag :
       {"--web.listen-address", "--web.telemetry-path", "--path.procfs",
        "--collector.tcp.top-endpoints", "--collector.tcp.source",
        "--log.level", "--log.format", "--[no-]collector.tcp",
        "--[no-]collector.portrange"}) {
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
  }
}

TEST(OptionsTest, BadCommandLinesSayWhy) {
  EXPECT_NE(ErrorOf({"--bogus"}).find("unknown flag --bogus"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--collector.nosuch"}).find("unknown flag"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"positional"}).find("unexpected argument"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--log.level"}).find("needs a value"), std::string::npos);
  EXPECT_NE(ErrorOf({"--log.level=loud"}).find("debug|info|warn|error"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--log.format=xml"}).find("logfmt|json"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--collector.tcp.source=ebpf"}).find("netlink|procfs"),
            std::string::npos);
  for (const char* bad : {"-1", "abc", "10001", "", "99999999999999999999"}) {
    EXPECT_NE(ErrorOf({std::string("--collector.tcp.top-endpoints=") + bad})
                  .find("whole number"),
              std::string::npos)
        << bad;
  }
  for (const char* bad : {"0", "10000001", "x"}) {
    EXPECT_NE(ErrorOf({std::string("--collector.tcp.max-tracked-keys=") + bad})
                  .find("from 1 to 10000000"),
              std::string::npos)
        << bad;
  }
  EXPECT_NE(ErrorOf({"--web.telemetry-path=metrics"}).find("start with '/'"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--web.telemetry-path=/"}).find("landing page"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--path.procfs="}).find("must not be empty"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--help=yes"}).find("takes no value"), std::string::npos);
  EXPECT_NE(ErrorOf({"--collector.tcp=1"}).find("unknown flag"),
            std::string::npos);
}

TEST(ListenAddressTest, ParsesTheThreeForms) {
  ListenAddress any = ParseListenAddress(":10058");
  EXPECT_EQ(any.host, "");
  EXPECT_EQ(any.port, 10058);
  EXPECT_EQ(CivetwebListeningPort(any), "10058");
  ListenAddress v4 = ParseListenAddress("127.0.0.1:0");
  EXPECT_EQ(CivetwebListeningPort(v4), "127.0.0.1:0");
  EXPECT_EQ(CivetwebListeningPort(ParseListenAddress("localhost:1")),
            "127.0.0.1:1");
  ListenAddress v6 = ParseListenAddress("[::1]:9");
  EXPECT_TRUE(v6.ipv6);
  EXPECT_EQ(CivetwebListeningPort(v6), "[::1]:9");
}

TEST(ListenAddressTest, RejectsMalformedAddresses) {
  for (const char* bad : {"", "10058", ":", ":65536", ":-1", ":abc",
                          "host.example:80", "1.2.3:80", "[::1:80", "[zz]:80",
                          "::1:80", "1.2.3.4:80x", "127.0.0.1:123456"}) {
    EXPECT_THROW(ParseListenAddress(bad), UsageError) << bad;
  }
}

}  // namespace
}  // namespace portwatch
