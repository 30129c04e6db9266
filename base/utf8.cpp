#include "base/utf8.h"

namespace portwatch {
namespace {

// The length of the well-formed sequence at the start of `text`, or 0 when
// it starts with an ill-formed one; `*maximal_subpart` is then how many
// bytes to replace by one U+FFFD (at least 1).
std::size_t WellFormedLength(std::string_view text,
                             std::size_t* maximal_subpart) {
  const auto byte = [&](std::size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  const unsigned char lead = byte(0);
  *maximal_subpart = 1;
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;  // the bounds of the second byte (Table 3-7)
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;  // a continuation byte, C0, C1 or F5..FF
  }
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char min = i == 1 ? low : 0x80;
    const unsigned char max = i == 1 ? high : 0xBF;
    if (i >= text.size() || byte(i) < min || byte(i) > max) {
      *maximal_subpart = i;
      return 0;
    }
  }
  return length;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  std::size_t subpart = 0;
  while (!text.empty()) {
    const std::size_t length = WellFormedLength(text, &subpart);
    if (length == 0) return false;
    text.remove_prefix(length);
  }
  return true;
}

std::string ValidUtf8(std::string_view text) {
  if (IsValidUtf8(text)) return std::string(text);
  std::string valid;
  valid.reserve(text.size() + 8);
  std::size_t subpart = 0;
  while (!text.empty()) {
    const std::size_t length = WellFormedLength(text, &subpart);
    if (length == 0) {
      valid += kReplacementCharacter;
      text.remove_prefix(subpart);
    } else {
      valid += text.substr(0, length);
      text.remove_prefix(length);
    }
  }
  return valid;
}

}  // namespace portwatch
