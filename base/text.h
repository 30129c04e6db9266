#pragma once

#include <string_view>

namespace portwatch {

/// White space as the OS's text files and command output have it.
inline constexpr std::string_view kWhiteSpace = " \t\r\n";

/// `text` without the characters of `blanks` at its end.
constexpr std::string_view TrimEnd(std::string_view text,
                                   std::string_view blanks = kWhiteSpace) {
  const std::size_t last = text.find_last_not_of(blanks);
  return last == std::string_view::npos ? text.substr(0, 0)
                                        : text.substr(0, last + 1);
}

/// `text` without the characters of `blanks` at either end.
constexpr std::string_view Trim(std::string_view text,
                                std::string_view blanks = kWhiteSpace) {
  const std::size_t first = text.find_first_not_of(blanks);
  return first == std::string_view::npos ? text.substr(0, 0)
                                         : TrimEnd(text.substr(first), blanks);
}

}  // namespace portwatch
