#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>

namespace portwatch {

/// What TakeDecimal found at the front of a text.
enum class DecimalStatus { kOk, kNoDigits, kTooLarge };

/// Reads the decimal digits at the front of `text` into `value` with
/// std::from_chars (no sign, no spaces, no base prefix) and removes them
/// from `text`. Leaves `text` as it was unless the result is kOk.
template <typename T>
DecimalStatus TakeDecimal(std::string_view& text, T& value) {
  if (text.empty() || text.front() < '0' || text.front() > '9') {
    return DecimalStatus::kNoDigits;
  }
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error == std::errc::result_out_of_range) return DecimalStatus::kTooLarge;
  text.remove_prefix(static_cast<std::size_t>(stop - text.data()));
  return DecimalStatus::kOk;
}

/// All of `text` as a decimal number of type T; nullopt when it is empty,
/// holds anything but digits, or does not fit T.
template <typename T>
std::optional<T> ParseDecimal(std::string_view text) {
  T value{};
  if (TakeDecimal(text, value) != DecimalStatus::kOk || !text.empty()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace portwatch
