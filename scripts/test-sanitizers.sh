#!/usr/bin/env bash
# Sanitizer runs: the whole unit and end-to-end suite built with ASan and
# UBSan (leaks and undefined behaviour abort the test; the rules, mixin and
# dashboard checks run no C++ and are left to the main run), and the scrape,
# coalescing, event-counting and web config reload unit tests under TSan.
set -euo pipefail
cd "$(dirname "$0")/.."
CIVETWEB_PREFIX=$(scripts/build-civetweb.sh)
configure() {  # build-dir flags
  cmake -S . -B "$1" -G Ninja -DPORTWATCH_CIVETWEB_PREFIX="$CIVETWEB_PREFIX" -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS="$2" -DCMAKE_EXE_LINKER_FLAGS="$2" \
    -DPython3_EXECUTABLE=/usr/bin/python3 -DPORTWATCH_WERROR=ON \
    $(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache) >/dev/null
}
ASAN=$(realpath -m "${ASAN_BUILD_DIR:-build-asan}")
configure "$ASAN" "-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake --build "$ASAN" -j "${JOBS:-2}"
echo "test-sanitizers: ASan+UBSan, whole suite" >&2
(cd "$ASAN" && PORTWATCH_SANITIZER=asan \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  ctest --output-on-failure -j "${JOBS:-2}" -LE rules \
    -E 'format_check|e2e_dashboard|e2e_rules_lint')

TSAN=$(realpath -m "${TSAN_BUILD_DIR:-build-tsan}")
configure "$TSAN" "-fsanitize=thread"
cmake --build "$TSAN" -j "${JOBS:-2}" --target portwatch_unit_tests
echo "test-sanitizers: TSan, scrape, coalescing and web config reload" >&2
TSAN_OPTIONS=halt_on_error=1 "$TSAN/tests/portwatch_unit_tests" \
  --gtest_filter='ScrapeCoalescer*:CollectorSet*:TcpipEvents*:TcpCollector*:WebSecurity*:BasicAuthenticator*'
