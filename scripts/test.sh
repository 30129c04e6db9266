#!/usr/bin/env bash
# The whole test suite: installs what is missing; the Windows build under
# wine (scripts/test-windows.sh); the time-boxed parser fuzzers
# (scripts/fuzz.sh); the suite under ASan/UBSan and TSan
# (scripts/test-sanitizers.sh); then builds with warnings as errors and runs every
# unit, format, golden, CLI/HTTP, alerting and live netns test through
# CTest. The namespace tests need root (CI runs as root).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/test-windows.sh
scripts/fuzz.sh
scripts/test-sanitizers.sh
PORTWATCH_WERROR=ON scripts/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "${JOBS:-2}"
