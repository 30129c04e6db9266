#include "sources/port_range/netsh_parser.h"

#include <string>

#include "base/decimal.h"
#include "base/source_error.h"
#include "base/text.h"

namespace portwatch {
namespace {

// '\r' is white space like ' ' and '\t', wherever it stands: netsh ends
// lines with "\r\n", and text that went through a text-mode stream ends
// them with "\r\r\n".
constexpr std::string_view kBlanks = " \t\r";

bool IsBlank(char c) { return kBlanks.find(c) != std::string_view::npos; }

// The lines split at '\n', without trailing white space.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    lines.push_back(TrimEnd(line, kBlanks));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

// Reads whitespace-separated decimal numbers; false on any other token
// except a trailing "*".
bool Numbers(std::string_view line, std::vector<std::uint32_t>& out) {
  out.clear();
  std::size_t i = 0;
  while (i < line.size()) {
    if (IsBlank(line[i])) {
      ++i;
      continue;
    }
    if (line[i] == '*') {
      ++i;
      continue;
    }
    std::string_view rest = line.substr(i);
    std::uint32_t value = 0;
    if (TakeDecimal(rest, value) != DecimalStatus::kOk || value > 65535) {
      return false;
    }
    i = line.size() - rest.size();
    out.push_back(value);
  }
  return true;
}

}  // namespace

EphemeralPortRange ParseNetshDynamicPortRange(std::string_view text) {
  std::vector<std::uint32_t> values;
  std::vector<std::uint32_t> numbers;
  for (std::string_view line : Lines(text)) {
    const std::size_t colon = line.rfind(':');
    if (colon == std::string_view::npos) continue;
    if (Numbers(line.substr(colon + 1), numbers) && numbers.size() == 1) {
      values.push_back(numbers[0]);
    }
  }
  if (values.size() != 2) {
    throw SourceError(
        "netsh dynamicport: expected a start port and a port "
        "count, found " +
        std::to_string(values.size()) + " numbers");
  }
  const std::uint32_t start = values[0];
  const std::uint32_t count = values[1];
  if (start == 0 || count == 0 || start + count - 1 > 65535) {
    throw SourceError("netsh dynamicport: start " + std::to_string(start) +
                      " with " + std::to_string(count) +
                      " ports is not a range inside 1..65535");
  }
  return EphemeralPortRange(static_cast<std::uint16_t>(start),
                            static_cast<std::uint16_t>(start + count - 1));
}

std::vector<std::pair<std::uint16_t, std::uint16_t>> ParseNetshExcludedRanges(
    std::string_view text) {
  std::vector<std::pair<std::uint16_t, std::uint16_t>> ranges;
  bool in_table = false;
  std::vector<std::uint32_t> numbers;
  for (std::string_view line : Lines(text)) {
    std::size_t first = line.find_first_not_of(kBlanks);
    if (first == std::string_view::npos) continue;
    if (line[first] == '-') {
      in_table = true;
      continue;
    }
    if (!in_table) continue;
    if (!Numbers(line, numbers)) break;  // the footer text after the table
    if (numbers.size() != 2 || numbers[0] > numbers[1] || numbers[0] == 0) {
      throw SourceError("netsh excludedportrange: malformed line \"" +
                        std::string(line) + "\"");
    }
    ranges.emplace_back(static_cast<std::uint16_t>(numbers[0]),
                        static_cast<std::uint16_t>(numbers[1]));
  }
  if (!in_table) {
    throw SourceError("netsh excludedportrange: no table in the output");
  }
  return ranges;
}

}  // namespace portwatch
