#!/usr/bin/env bash
# Configures and builds portwatch into $BUILD_DIR (default: build/).
# Warnings are errors when CI=true or PORTWATCH_WERROR=ON.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
WERROR=${PORTWATCH_WERROR:-OFF}
[[ "${CI:-}" == "true" ]] && WERROR=ON
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

CIVETWEB_PREFIX=$(scripts/build-civetweb.sh)
cmake -S . -B "$BUILD_DIR" -G Ninja -DPORTWATCH_CIVETWEB_PREFIX="$CIVETWEB_PREFIX" \
  -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" \
  -DPORTWATCH_WERROR="$WERROR" \
  -DPython3_EXECUTABLE=/usr/bin/python3 \
  "${launcher[@]}" >/dev/null
cmake --build "$BUILD_DIR" -j "${JOBS:-2}"
