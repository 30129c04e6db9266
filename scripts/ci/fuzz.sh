#!/usr/bin/env bash
# Builds the libFuzzer targets (CMake preset fuzz: clang, ASan and UBSan)
# and runs each for FUZZ_SECONDS (default 45; the full test run gives each
# 10) on a copy of tests/fuzz/corpus/<target>. Fails on any crash, leak,
# sanitizer report or timeout; the input that failed is kept in
# build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh --fuzz
source scripts/lib/configure.sh
BUILD=$PWD/build-fuzz
configure_preset fuzz
targets=(proc_net_tcp port_range inet_diag netsh event_xml mib_tcp_table web_config
         cgroup_identity label_value accept_encoding)
cmake --build --preset fuzz -j "${JOBS:-2}" --target "${targets[@]/#/fuzz_}"
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
