#include "sources/conntrack/proc_conntrack_stats_parser.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/source_error.h"
#include "base/text.h"

namespace portwatch {
namespace {

// The counter a column of /proc/net/stat/nf_conntrack holds, if any.
std::optional<ConntrackCounter> CounterOfColumn(std::string_view name) {
  struct Column {
    std::string_view name;
    ConntrackCounter counter;
  };
  static constexpr Column kColumns[] = {
      {"found", ConntrackCounter::kFound},
      {"invalid", ConntrackCounter::kInvalid},
      {"insert", ConntrackCounter::kInsert},
      {"insert_failed", ConntrackCounter::kInsertFailed},
      {"drop", ConntrackCounter::kDrop},
      {"early_drop", ConntrackCounter::kEarlyDrop},
      {"icmp_error", ConntrackCounter::kError},
      {"search_restart", ConntrackCounter::kSearchRestart},
      {"clashres", ConntrackCounter::kClashResolve},
      {"chainlength", ConntrackCounter::kChainTooLong},
  };
  for (const Column& column : kColumns) {
    if (column.name == name) return column.counter;
  }
  return std::nullopt;
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    line = Trim(line);
    if (line.empty()) return fields;
    const std::size_t end = line.find_first_of(kWhiteSpace);
    fields.push_back(line.substr(0, end));
    if (end == std::string_view::npos) return fields;
    line.remove_prefix(end);
  }
}

[[noreturn]] void Malformed(std::size_t line, const std::string& what) {
  throw SourceError("/proc/net/stat/nf_conntrack line " + std::to_string(line) +
                    ": " + what);
}

}  // namespace

void ParseProcConntrackStats(std::string_view text, ConntrackStats& stats) {
  std::vector<std::string_view> header;
  std::size_t line_number = 0;
  std::vector<std::uint64_t> sums;
  std::size_t cpus = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    const std::vector<std::string_view> fields = Fields(line);
    if (fields.empty()) continue;
    if (header.empty()) {
      header = fields;
      sums.assign(header.size(), 0);
      continue;
    }
    if (fields.size() != header.size()) {
      Malformed(line_number, std::to_string(fields.size()) + " values for " +
                                 std::to_string(header.size()) + " columns");
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      std::uint32_t value = 0;
      const std::string_view field = fields[i];
      const auto [stop, error] =
          std::from_chars(field.data(), field.data() + field.size(), value, 16);
      if (error != std::errc() || stop != field.data() + field.size()) {
        Malformed(line_number, "column " + std::to_string(i + 1) +
                                   " is not a 32-bit hexadecimal number");
      }
      sums[i] += value;
    }
    ++cpus;
  }
  if (header.empty()) Malformed(line_number, "no header line");
  if (cpus == 0) Malformed(line_number, "no line of values");
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (const auto counter = CounterOfColumn(header[i]))
      stats[*counter] = sums[i];
  }
}

}  // namespace portwatch
