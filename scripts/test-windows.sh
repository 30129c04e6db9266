#!/usr/bin/env bash
# Windows part of the test suite, on Linux: installs mingw-w64 and wine from
# Debian, cross-builds the dependencies (cached, scripts/build-windows-deps.sh)
# and portwatch_exporter.exe with warnings as errors, runs the Windows unit
# tests under wine, then the end-to-end test of the .exe under wine in a
# network namespace (needs root, like the Linux live test).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --windows
PREFIX=$(scripts/build-windows-deps.sh)
BUILD=$(realpath -m "${WINDOWS_BUILD_DIR:-build-windows}")
cmake -S . -B "$BUILD" -G Ninja \
  -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/toolchain-mingw-w64-x86_64.cmake" \
  -DPORTWATCH_WINDOWS_PREFIX="$PREFIX" -DCMAKE_PREFIX_PATH="$PREFIX" \
  -DCMAKE_BUILD_TYPE=Release -DPORTWATCH_WERROR=ON >/dev/null
cmake --build "$BUILD" -j "${JOBS:-2}"

WINE=/usr/lib/wine/wine64
export WINEDEBUG=-all
WINE_HOME=$(mktemp -d /tmp/portwatch-wine.XXXXXX)
trap 'WINEPREFIX="$WINE_HOME/units" /usr/lib/wine/wineserver -k 2>/dev/null || true; rm -rf "$WINE_HOME"' EXIT

echo "test-windows: unit tests under wine" >&2
WINEPREFIX="$WINE_HOME/units" "$WINE" "$BUILD/tests/portwatch_unit_tests.exe"

echo "test-windows: end-to-end under wine" >&2
PORTWATCH_EXPORTER_EXE="$BUILD/exporter/portwatch_exporter.exe" \
PORTWATCH_WINE="$WINE" PORTWATCH_WINEPREFIX="$WINE_HOME/e2e" \
PORTWATCH_SOURCE_DIR="$PWD" \
  /usr/bin/python3 tests/e2e/wine_netns_test.py
