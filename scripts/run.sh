#!/usr/bin/env bash
# Quick start: installs only what building and running the exporter needs
# (scripts/install-deps.sh --run; the tests' tools come with
# scripts/test.sh), builds the release preset (no tests) and runs the
# exporter in the foreground with any flags given (e.g.
# --web.listen-address=127.0.0.1:10058).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --run
PRESET=release scripts/build.sh --target portwatch_exporter
exec build-release/exporter/portwatch_exporter "$@"
