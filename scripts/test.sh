#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds with warnings as
# errors, then runs every unit, format, golden, CLI/HTTP and live netns test
# through CTest. The live test needs root (CI runs as root).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
PORTWATCH_WERROR=ON scripts/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "${JOBS:-2}"
