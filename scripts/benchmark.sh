#!/usr/bin/env bash
# The benchmark in one command (root, or sudo): installs what is missing,
# builds, and runs bench/run_benchmark.py, which rewrites the table and plot
# in docs/benchmarks.md. Arguments go to the driver (e.g. --sizes 10000).
#   scripts/benchmark.sh attribution [...]  runs bench/attribution_benchmark.py
#   instead (collectors netns and process; e.g. --namespaces 10,100).
#   scripts/benchmark.sh connect-failures [...]  runs
#   bench/connect_failures_benchmark.py (the eBPF collector's cost).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/install-deps.sh --bench
PRESET=dev scripts/build.sh
SUDO=()
[[ $(id -u) -eq 0 ]] || SUDO=(sudo)
driver=bench/run_benchmark.py
if [[ "${1:-}" == attribution ]]; then
  driver=bench/attribution_benchmark.py
  shift
elif [[ "${1:-}" == connect-failures ]]; then
  driver=bench/connect_failures_benchmark.py
  shift
fi
"${SUDO[@]}" env BUILD_DIR="${BUILD_DIR:-$PWD/build-dev}" /usr/bin/python3 "$driver" "$@"
