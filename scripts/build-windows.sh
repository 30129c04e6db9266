#!/usr/bin/env bash
# Cross-builds the CMake preset windows-mingw (warnings as errors) into
# build-windows/ on Linux: installs mingw-w64 and wine from Debian, builds
# the dependencies once (scripts/ci/build-windows-deps.sh), configures and
# builds TARGET... (default: everything). Used by scripts/ci/test-windows.sh
# and scripts/build-msi.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/configure.sh
scripts/install-deps.sh --windows
PREFIX=$(scripts/ci/build-windows-deps.sh)
configure_preset windows-mingw -DPORTWATCH_WINDOWS_PREFIX="$PREFIX" \
  -DCMAKE_PREFIX_PATH="$PREFIX"
targets=()
[[ $# -gt 0 ]] && targets=(--target "$@")
cmake --build --preset windows-mingw -j "${JOBS:-2}" "${targets[@]}"
