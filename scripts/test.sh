#!/usr/bin/env bash
# The tests, at two levels (docs/development.md, "Build and test"):
#   scripts/test.sh        builds the dev preset and runs the unit, golden,
#                          end-to-end, lint and fuzz-regression tests
#                          (CTest preset dev; the root-only tests skip
#                          without root). A few minutes.
#   scripts/test.sh --all  the full matrix CI runs (.ci/run): the Windows
#                          build and tests under wine, time-boxed fuzzing,
#                          the suite under ASan/UBSan and TSan, the release
#                          packages (release.sh), then every test on a build with
#                          warnings as errors (the package installed into a
#                          fresh root among them), the slow rules mutation
#                          test alongside.
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
    # The rules mutation test (CTest label slow) needs no build and is
    # mostly promtool CPU: it runs on one core beside the builds and the
    # waiting-heavy end-to-end tests, and is collected at the end.
    mutation_log=$(mktemp)
    /usr/bin/python3 alerts/tests/mutate_rules.py --jobs 1 >"$mutation_log" 2>&1 &
    mutation=$!
    step() {  # name command...
      local started=$SECONDS
      "${@:2}"
      echo "test.sh: $1 took $((SECONDS - started)) s" >&2
    }
    step windows scripts/ci/test-windows.sh
    step fuzz env FUZZ_SECONDS="${FUZZ_SECONDS:-10}" scripts/ci/fuzz.sh
    step sanitizers scripts/ci/test-sanitizers.sh
    # Every package into dist/ (what the CTest label packaging installs),
    # their versions checked.
    step release scripts/release.sh
    step build-ci env PRESET=ci scripts/build.sh
    step ctest-ci ctest --preset ci --label-exclude slow
    started=$SECONDS
    status=0
    wait "$mutation" || status=$?
    cat "$mutation_log"
    rm -f "$mutation_log"
    echo "test.sh: rules mutation waited $((SECONDS - started)) s more; all took $SECONDS s" >&2
    exit "$status"
    ;;
  *)
    echo "usage: scripts/test.sh [--all]" >&2
    exit 2
    ;;
esac
