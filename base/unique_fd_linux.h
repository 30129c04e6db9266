#pragma once

#include <unistd.h>

#include "base/unique_resource.h"

namespace portwatch {

/// What UniqueFd owns: a file descriptor, -1 when none.
struct FdTraits {
  using Value = int;
  static constexpr int kEmpty = -1;
  static bool Valid(int fd) { return fd >= 0; }
  static void Close(int fd) { ::close(fd); }
};

/// Owns a file descriptor and closes it when destroyed; move-only.
using UniqueFd = UniqueResource<FdTraits>;

}  // namespace portwatch
