#include "base/wide_text_windows.h"

#include <windows.h>

#include "base/utf8.h"

namespace portwatch {

std::wstring Widen(const std::string& text) {
  const int size = MultiByteToWideChar(
      CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
  std::wstring wide(static_cast<std::size_t>(size), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()),
                      wide.data(), size);
  return wide;
}

std::string Narrow(const wchar_t* text) {
  if (text == nullptr) return std::string();
  const int size =
      WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
  if (size <= 1) return std::string();
  std::string narrow(static_cast<std::size_t>(size - 1), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text, -1, narrow.data(), size, nullptr,
                      nullptr);
  // An unpaired surrogate (names are UTF-16 only by convention) must not
  // leave as bytes that are not UTF-8, whatever this conversion made of it.
  return ValidUtf8(narrow);
}

}  // namespace portwatch
