#!/usr/bin/env bash
# The Windows part of the full test run, on Linux: installs mingw-w64 and
# wine from Debian, cross-builds the dependencies (cached,
# scripts/build-windows-deps.sh), builds the CMake preset windows-mingw
# (warnings as errors) and runs its tests under wine (CTest preset
# windows-mingw): the unit tests, and the .exe end to end in a network
# namespace (needs root, like the Linux live test).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/configure.sh
scripts/install-deps.sh --windows
PREFIX=$(scripts/build-windows-deps.sh)
configure_preset windows-mingw -DPORTWATCH_WINDOWS_PREFIX="$PREFIX" \
  -DCMAKE_PREFIX_PATH="$PREFIX"
cmake --build --preset windows-mingw -j "${JOBS:-2}"

# A fresh wine prefix for this run, removed afterwards.
WINEPREFIX=$(mktemp -d /tmp/portwatch-wine.XXXXXX)
export WINEPREFIX
trap '/usr/lib/wine/wineserver -k 2>/dev/null || true; rm -rf "$WINEPREFIX"' EXIT
ctest --preset windows-mingw
