#!/usr/bin/env bash
# Quick start: installs what is missing, builds (preset dev), and runs the
# exporter in the foreground with any flags given (e.g.
# --web.listen-address=127.0.0.1:10058).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
PRESET=dev scripts/build.sh --target portwatch_exporter
exec build-dev/exporter/portwatch_exporter "$@"
