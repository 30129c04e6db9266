#pragma once

#include <string>
#include <string_view>

namespace portwatch {

/// U+FFFD REPLACEMENT CHARACTER in UTF-8, what ValidUtf8 puts in place of
/// bytes that are not UTF-8.
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

/// Whether `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

/// `text` with every ill-formed sequence replaced by U+FFFD, one per maximal
/// subpart (Unicode's recommended practice, as WHATWG decoders and Python's
/// errors="replace" do): valid text comes back unchanged, so names that
/// differ only in their invalid bytes may come back equal. For bytes from
/// the OS (process, namespace and service names) that become label values,
/// which the exposition format requires to be UTF-8.
std::string ValidUtf8(std::string_view text);

}  // namespace portwatch
