#!/usr/bin/env bash
# The tests, at two levels (README, "Tests"):
#   scripts/test.sh        builds the dev preset and runs the unit, golden,
#                          end-to-end, lint and fuzz-regression tests
#                          (CTest preset dev; the root-only tests skip
#                          without root). A few minutes.
#   scripts/test.sh --all  the full matrix CI runs (.ci/run): the Windows
#                          build and tests under wine, time-boxed fuzzing,
#                          the suite under ASan/UBSan and TSan, then every
#                          test, the slow ones too, on a build with warnings
#                          as errors.
# Installs the Debian packages it needs first (with sudo when not root).
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  "")
    scripts/install-deps.sh
    PRESET=dev scripts/build.sh
    ctest --preset dev
    ;;
  --all)
    scripts/install-deps.sh
    scripts/test-windows.sh
    FUZZ_SECONDS=${FUZZ_SECONDS:-10} scripts/fuzz.sh
    scripts/test-sanitizers.sh
    PRESET=ci scripts/build.sh
    ctest --preset ci
    ;;
  *)
    echo "usage: scripts/test.sh [--all]" >&2
    exit 2
    ;;
esac
