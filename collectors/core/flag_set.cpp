#include "collectors/core/flag_set.h"

#include <cstdint>
#include <optional>
#include <sstream>
#include <string_view>

#include "base/decimal.h"

namespace portwatch {
namespace {

// Where --help starts a flag's description.
constexpr std::size_t kHelpColumn = 34;

}  // namespace

void FlagSet::Add(std::string name, std::string placeholder, std::string help,
                  std::string default_text,
                  std::function<void(const std::string&)> apply) {
  flags_.push_back({std::move(name), std::move(placeholder), std::move(help),
                    std::move(default_text), std::move(apply)});
}

void FlagSet::String(const std::string& name, std::string placeholder,
                     std::string help, std::string* target) {
  Add(name, std::move(placeholder), std::move(help), *target,
      [name, target](const std::string& value) {
        if (value.empty()) throw UsageError("--" + name + " must not be empty");
        *target = value;
      });
}

void FlagSet::Count(const std::string& name, std::string placeholder,
                    const std::string& help, std::size_t min, std::size_t max,
                    std::size_t* target) {
  Add(name, std::move(placeholder),
      help + " (" + std::to_string(min) + ".." + std::to_string(max) + ")",
      std::to_string(*target),
      [name, min, max, target](const std::string& value) {
        *target = ParseCount(name, value, min, max);
      });
}

void FlagSet::Duration(const std::string& name, std::string help,
                       std::chrono::seconds* target) {
  Add(name, "DURATION", std::move(help),
      target->count() == 0 ? "0" : std::to_string(target->count()) + "s",
      [name, target](const std::string& value) {
        *target = ParseDuration(name, value);
      });
}

void FlagSet::Bool(const std::string& name, std::string help, bool* target) {
  Add(name, "BOOL", std::move(help), *target ? "true" : "false",
      [name, target](const std::string& value) {
        *target = ParseSwitch(name, value);
      });
  flags_.back().is_switch = true;
}

bool ParseSwitch(const std::string& flag, const std::string& value) {
  if (value == "true") return true;
  if (value == "false") return false;
  throw NotOneOf(flag, value, {"true", "false"});
}

void FlagSet::TopK(const std::string& name, const std::string& help,
                   std::size_t* target) {
  Count(name, "K", help, 0, kMaxTopK, target);
}

void FlagSet::RenamedPrefix(std::string old_prefix, std::string new_prefix) {
  renamed_prefixes_.emplace_back(std::move(old_prefix), std::move(new_prefix));
}

const FlagSet::Flag* FlagSet::Find(const std::string& name) const {
  std::string canonical = name;
  for (const auto& [old_prefix, new_prefix] : renamed_prefixes_) {
    if (name.rfind(old_prefix, 0) == 0) {
      canonical = new_prefix + name.substr(old_prefix.size());
    }
  }
  for (const Flag& flag : flags_) {
    if (flag.name == canonical) return &flag;
  }
  return nullptr;
}

bool FlagSet::IsSwitch(const std::string& name) const {
  const Flag* flag = Find(name);
  return flag != nullptr && flag->is_switch;
}

bool FlagSet::Has(const std::string& name) const {
  return Find(name) != nullptr;
}

bool FlagSet::Apply(const std::string& name, const std::string& value) const {
  const Flag* flag = Find(name);
  if (flag == nullptr) return false;
  flag->apply(value);
  return true;
}

std::vector<std::string> FlagSet::Names() const {
  std::vector<std::string> names;
  for (const Flag& flag : flags_) names.push_back(flag.name);
  return names;
}

std::string FlagSet::Help() const {
  std::ostringstream text;
  for (const Flag& flag : flags_) {
    const std::string left = flag.is_switch
                                 ? "--[no-]" + flag.name
                                 : "--" + flag.name + "=" + flag.placeholder;
    text << HelpEntry(
        left, flag.default_text.empty()
                  ? flag.help
                  : flag.help + " (default: " + flag.default_text + ")");
  }
  return text.str();
}

std::string HelpEntry(const std::string& left, const std::string& description) {
  std::string entry = "  " + left;
  if (left.size() + 2 <= kHelpColumn) {
    entry.append(kHelpColumn - left.size(), ' ');
  } else {
    entry += "\n" + std::string(kHelpColumn + 2, ' ');
  }
  return entry + description + "\n";
}

std::size_t ParseCount(const std::string& flag, const std::string& value,
                       std::size_t min, std::size_t max) {
  const std::optional<std::size_t> parsed = ParseDecimal<std::size_t>(value);
  if (!parsed || *parsed < min || *parsed > max) {
    throw UsageError("--" + flag + " wants a whole number from " +
                     std::to_string(min) + " to " + std::to_string(max) +
                     ", got \"" + value + "\"");
  }
  return *parsed;
}

std::chrono::seconds ParseDuration(const std::string& flag,
                                   const std::string& value) {
  if (value == "0") return std::chrono::seconds(0);
  const char unit = value.empty() ? '\0' : value.back();
  const std::int64_t scale = unit == 's'   ? 1
                             : unit == 'm' ? 60
                             : unit == 'h' ? 3600
                             : unit == 'd' ? 86400
                                           : 0;
  const std::string_view digits =
      std::string_view(value).substr(0, value.empty() ? 0 : value.size() - 1);
  // At most 999999 units (2700 years in days): no overflow.
  const std::optional<std::int64_t> count =
      digits.size() > 6 ? std::nullopt : ParseDecimal<std::int64_t>(digits);
  if (scale == 0 || !count) {
    throw UsageError("--" + flag +
                     " wants a duration like 90s, 30m, 1h or 2d, got \"" +
                     value + "\"");
  }
  return std::chrono::seconds(*count * scale);
}

UsageError NotOneOf(const std::string& flag, const std::string& value,
                    const std::vector<std::string>& allowed) {
  std::string list;
  for (const std::string& candidate : allowed) {
    list += (list.empty() ? "" : "|") + candidate;
  }
  return UsageError("--" + flag + " wants one of " + list + ", got \"" + value +
                    "\"");
}

}  // namespace portwatch
