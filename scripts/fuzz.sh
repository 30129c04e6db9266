#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, with ASan and UBSan) and runs each
# for FUZZ_SECONDS (default 45) on a copy of tests/fuzz/corpus/<target>.
# Fails on any crash, leak, sanitizer report or timeout; the input that
# failed is kept in build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --fuzz
BUILD=$(realpath -m "${FUZZ_BUILD_DIR:-build-fuzz}")
SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CIVETWEB_PREFIX=$(scripts/build-civetweb.sh)
cmake -S . -B "$BUILD" -G Ninja -DPORTWATCH_CIVETWEB_PREFIX="$CIVETWEB_PREFIX" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_C_COMPILER=clang-14 \
  -DCMAKE_CXX_FLAGS="$SANITIZE -fsanitize=fuzzer-no-link" \
  -DCMAKE_EXE_LINKER_FLAGS="$SANITIZE" \
  -DPORTWATCH_FUZZ=ON -DPORTWATCH_BUILD_TESTS=OFF -DPORTWATCH_WERROR=OFF >/dev/null
targets=(proc_net_tcp port_range inet_diag netsh event_xml mib_tcp_table web_config)
cmake --build "$BUILD" -j "${JOBS:-2}" --target "${targets[@]/#/fuzz_}"
mkdir -p "$BUILD/artifacts"
failed=0
for target in "${targets[@]}"; do
  corpus=$(mktemp -d)
  cp -r "tests/fuzz/corpus/$target/." "$corpus/"
  if "$BUILD/tests/fuzz/fuzz_$target" "$corpus" \
       -max_total_time="${FUZZ_SECONDS:-45}" -timeout=10 -rss_limit_mb=1024 \
       -artifact_prefix="$BUILD/artifacts/$target-" -print_final_stats=1 \
       >"$BUILD/artifacts/$target.log" 2>&1; then
    echo "fuzz $target: ok ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$BUILD/artifacts/$target.log" | awk '{print $2}') runs)"
  else
    echo "fuzz $target: FAILED"
    tail -40 "$BUILD/artifacts/$target.log"
    failed=1
  fi
  rm -rf "$corpus"
done
exit $failed
