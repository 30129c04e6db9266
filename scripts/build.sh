#!/usr/bin/env bash
# Configures and builds the CMake preset $PRESET (default dev; ci when
# CI=true, with warnings as errors) into build-$PRESET. Extra arguments go
# to `cmake --build` (e.g. --target portwatch_exporter).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/configure.sh
PRESET=${PRESET:-dev}
[[ "${CI:-}" == "true" && "$PRESET" == "dev" ]] && PRESET=ci
configure_preset "$PRESET"
cmake --build --preset "$PRESET" -j "${JOBS:-2}" "$@"
