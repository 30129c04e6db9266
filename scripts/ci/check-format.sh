#!/usr/bin/env bash
# Fails when any C++ file differs from clang-format (Google style).
set -euo pipefail
cd "$(dirname "$0")/../.."
git ls-files '*.h' '*.cpp' | xargs clang-format --dry-run -Werror
