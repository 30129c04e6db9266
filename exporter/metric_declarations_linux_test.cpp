// docs/metrics.md against the metric declarations (the *_metrics.h of every
// collector, the Windows ones included, and exporter_metrics.h): a metric
// added, renamed or given a label in the code and not in the docs, or the
// other way round, fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "collectors/connect_failures/connect_failures_metrics.h"
#include "collectors/conntrack/conntrack_metrics.h"
#include "collectors/core/scrape_metrics.h"
#include "collectors/netns/netns_metrics.h"
#include "collectors/portrange/portrange_metrics.h"
#include "collectors/process/process_metrics.h"
#include "collectors/tcp/tcp_metrics.h"
#include "collectors/tcpip_events/tcpip_events_metrics.h"
#include "collectors/tcpip_settings/tcpip_settings_metrics.h"
#include "exporter/exporter_metrics.h"

namespace portwatch {
namespace {

template <std::size_t N>
void Append(std::vector<const MetricSpec*>& all,
            const MetricSpec* const (&table)[N]) {
  all.insert(all.end(), std::begin(table), std::end(table));
}

std::vector<const MetricSpec*> AllMetricSpecs() {
  std::vector<const MetricSpec*> all;
  Append(all, kScrapeMetrics);
  Append(all, kPortRangeMetrics);
  Append(all, kTcpMetrics);
  Append(all, kNetnsMetrics);
  Append(all, kProcessMetrics);
  Append(all, kConnectFailuresMetrics);
  Append(all, kConntrackMetrics);
  Append(all, kTcpipEventsMetrics);
  Append(all, kTcpipSettingsMetrics);
  Append(all, kExporterMetrics);
  return all;
}

/// The rows of docs/metrics.md's tables that name metrics in their first
/// cell, by metric name (a row may name several).
std::map<std::string, std::string> DocumentedRows() {
  std::ifstream file(PORTWATCH_SOURCE_DIR "/docs/metrics.md");
  EXPECT_TRUE(file) << "cannot read docs/metrics.md";
  const std::regex name(R"(`((?:portwatch|process)_[a-z0-9_]+)(\*?)`)");
  std::map<std::string, std::string> rows;
  std::string line;
  while (std::getline(file, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    const std::string first_cell = line.substr(0, line.find('|', 1));
    for (std::sregex_iterator it(first_cell.begin(), first_cell.end(), name),
         end;
         it != end; ++it) {
      if ((*it)[2].length() != 0) continue;  // portwatch_netns_*: a family
      rows[(*it)[1]] += line;
    }
  }
  return rows;
}

TEST(MetricDeclarationsTest, NamesAreUniqueAndFollowPrometheusRules) {
  std::set<std::string> seen;
  const std::regex valid("[a-zA-Z_:][a-zA-Z0-9_:]*");
  for (const MetricSpec* spec : AllMetricSpecs()) {
    const std::string name = spec->name;
    EXPECT_TRUE(seen.insert(name).second) << name << " declared twice";
    EXPECT_TRUE(std::regex_match(name, valid)) << name;
    const bool total =
        name.size() > 6 && name.substr(name.size() - 6) == "_total";
    EXPECT_EQ(spec->type == prometheus::MetricType::Counter, total)
        << name << ": counters, and only they, end in _total";
    EXPECT_NE(std::string(spec->help), "") << name;
    for (const char* label : spec->labels) {
      EXPECT_TRUE(std::regex_match(label, std::regex("[a-zA-Z_][a-zA-Z0-9_]*")))
          << name << " label " << label;
    }
  }
  for (const ScopedMetricSpec& copy : kNetnsScopedMetrics) {
    EXPECT_TRUE(seen.insert(copy.name).second)
        << copy.name << " declared twice";
  }
}

TEST(MetricDeclarationsTest, DocsListEveryDeclaredMetricWithItsLabels) {
  const std::map<std::string, std::string> rows = DocumentedRows();
  for (const MetricSpec* spec : AllMetricSpecs()) {
    const auto row = rows.find(spec->name);
    if (row == rows.end()) {
      ADD_FAILURE() << spec->name << " is not in a table of docs/metrics.md";
      continue;
    }
    for (const char* label : spec->labels) {
      // `label` in the labels column, or `label="value"` in the text.
      const std::string quoted = std::string("`") + label;
      EXPECT_TRUE(row->second.find(quoted + "`") != std::string::npos ||
                  row->second.find(quoted + "=") != std::string::npos)
          << spec->name << ": label " << label << " is not in its row";
    }
  }
  for (const ScopedMetricSpec& copy : kNetnsScopedMetrics) {
    EXPECT_EQ(rows.count(copy.name), 1u)
        << copy.name << " is not in a table of docs/metrics.md";
  }
}

TEST(MetricDeclarationsTest, DocsListNoMetricThatIsNotDeclared) {
  std::set<std::string> declared;
  for (const MetricSpec* spec : AllMetricSpecs()) declared.insert(spec->name);
  for (const ScopedMetricSpec& copy : kNetnsScopedMetrics) {
    declared.insert(copy.name);
  }
  for (const auto& [name, row] : DocumentedRows()) {
    EXPECT_EQ(declared.count(name), 1u)
        << name << " is in docs/metrics.md but declared nowhere";
  }
}

}  // namespace
}  // namespace portwatch
