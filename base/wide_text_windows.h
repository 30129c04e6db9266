#pragma once

#include <string>

namespace portwatch {

/// UTF-8 to UTF-16 for Windows APIs.
std::wstring Widen(const std::string& text);
/// A NUL-terminated UTF-16 string as UTF-8 (empty for null or empty).
std::string Narrow(const wchar_t* text);

}  // namespace portwatch
