#!/usr/bin/env bash
# Sanitizer runs (CMake presets asan and tsan): every test that runs C++
# built with ASan and UBSan (leaks and undefined behaviour abort the test;
# the lint checks run no C++ and are left to the main run), and the scrape,
# coalescing, event-counting and web config reload unit tests under TSan.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/configure.sh
configure_preset asan
cmake --build --preset asan -j "${JOBS:-2}"
echo "test-sanitizers: ASan+UBSan" >&2
ctest --preset asan

configure_preset tsan
cmake --build --preset tsan -j "${JOBS:-2}"
echo "test-sanitizers: TSan, scrape, coalescing and web config reload" >&2
ctest --preset tsan
