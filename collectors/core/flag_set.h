#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace portwatch {

/// A command line that cannot be used; what() is a one-line explanation.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The value flags of one binary (`--name=value` or `--name value`), each
/// declared by the part of the exporter that owns it: a collector its
/// --collector.<name>.*, the platform catalog its sources', the exporter
/// --web.* and --log.*. Each flag stores its checked value into its
/// owner's variable, which must outlive the FlagSet.
class FlagSet {
 public:
  /// A flag whose value `apply` checks and stores, throwing UsageError.
  void Add(std::string name, std::string placeholder, std::string help,
           std::string default_text,
           std::function<void(const std::string& value)> apply);

  /// A non-empty string.
  void String(const std::string& name, std::string placeholder,
              std::string help, std::string* target);
  /// A whole number from `min` to `max` (the help text says so).
  void Count(const std::string& name, std::string placeholder,
             const std::string& help, std::size_t min, std::size_t max,
             std::size_t* target);
  /// A duration such as 90s, 30m, 1h or 2d (or 0).
  void Duration(const std::string& name, std::string help,
                std::chrono::seconds* target);
  /// A switch: --name or --no-name, or --name=true|false.
  void Bool(const std::string& name, std::string help, bool* target);
  /// One of `choices` (text, value); the default is the one `*target` has.
  template <typename T>
  void Choice(const std::string& name, std::string placeholder,
              std::string help, std::vector<std::pair<std::string, T>> choices,
              T* target);

  /// A whole number of rows to publish, 0 to kMaxTopK.
  void TopK(const std::string& name, const std::string& help,
            std::size_t* target);
  /// Accepts flags spelled `old_prefix`<rest> as `new_prefix`<rest>: an old
  /// spelling that keeps working but is not listed in --help.
  void RenamedPrefix(std::string old_prefix, std::string new_prefix);

  /// Whether flag `name` is declared.
  bool Has(const std::string& name) const;
  /// Whether flag `name` is a switch (Bool), which may go without a value.
  bool IsSwitch(const std::string& name) const;

  /// Stores `value` through flag `name`; false when there is no such flag.
  /// Throws UsageError when the value is not valid.
  bool Apply(const std::string& name, const std::string& value) const;

  /// The names of the flags declared, in order.
  std::vector<std::string> Names() const;

  /// One entry per flag for --help (HelpEntry): name, placeholder, help
  /// and default.
  std::string Help() const;

 private:
  struct Flag {
    std::string name;
    std::string placeholder;
    std::string help;
    std::string default_text;
    std::function<void(const std::string&)> apply;
    bool is_switch = false;
  };
  /// The flag `name` (or its old spelling) names, null when none.
  const Flag* Find(const std::string& name) const;

  std::vector<Flag> flags_;
  std::vector<std::pair<std::string, std::string>> renamed_prefixes_;
};

/// The most rows any top-K flag may ask for: bounds the series a scrape can
/// carry whatever the command line says.
inline constexpr std::size_t kMaxTopK = 10000;

/// One entry of --help: `left` (the flag) and its description, which
/// starts at a fixed column, or at that column on the next line when
/// `left` is too long: always two spaces or more apart, as help2man (the
/// man page) tells a flag from its description.
std::string HelpEntry(const std::string& left, const std::string& description);

/// Parses a whole number from `min` to `max`; throws UsageError naming
/// `flag` otherwise.
std::size_t ParseCount(const std::string& flag, const std::string& value,
                       std::size_t min, std::size_t max);

/// Parses a duration such as "90s", "30m", "1h" or "2d" (or "0"); throws
/// UsageError naming `flag` otherwise.
std::chrono::seconds ParseDuration(const std::string& flag,
                                   const std::string& value);

/// Parses a switch's value, "true" or "false"; throws UsageError naming
/// `flag` (NotOneOf) otherwise.
bool ParseSwitch(const std::string& flag, const std::string& value);

/// "--<flag> wants one of a|b|c, got \"value\"".
UsageError NotOneOf(const std::string& flag, const std::string& value,
                    const std::vector<std::string>& allowed);

template <typename T>
void FlagSet::Choice(const std::string& name, std::string placeholder,
                     std::string help,
                     std::vector<std::pair<std::string, T>> choices,
                     T* target) {
  std::string default_text;
  for (const auto& [text, value] : choices) {
    if (value == *target) default_text = text;
  }
  Add(name, std::move(placeholder), std::move(help), default_text,
      [name, choices, target](const std::string& value) {
        std::vector<std::string> allowed;
        for (const auto& [text, choice] : choices) {
          if (value == text) {
            *target = choice;
            return;
          }
          allowed.push_back(text);
        }
        throw NotOneOf(name, value, allowed);
      });
}

}  // namespace portwatch
