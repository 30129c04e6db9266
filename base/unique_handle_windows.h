#pragma once

#include <windows.h>

#include "base/unique_resource.h"

namespace portwatch {

/// What UniqueHandle owns: a kernel HANDLE, nullptr when none (also treats
/// INVALID_HANDLE_VALUE as none).
struct HandleTraits {
  using Value = HANDLE;
  static constexpr HANDLE kEmpty = nullptr;
  static bool Valid(HANDLE handle) {
    return handle != nullptr && handle != INVALID_HANDLE_VALUE;
  }
  static void Close(HANDLE handle) { CloseHandle(handle); }
};

/// Owns a kernel HANDLE and closes it (CloseHandle) when destroyed;
/// move-only.
using UniqueHandle = UniqueResource<HandleTraits>;

}  // namespace portwatch
