#!/usr/bin/env bash
# The Windows part of the full test run, on Linux: installs mingw-w64 and
# wine from Debian, cross-builds the dependencies (cached,
# scripts/ci/build-windows-deps.sh), builds the CMake preset windows-mingw
# (warnings as errors) and runs its tests under wine (CTest preset
# windows-mingw): the unit tests, the .exe end to end in network
# namespaces (needs root, like the Linux live test; without a port range,
# as wine has no netsh dynamicport view, and with a stand-in netsh that
# reports the namespace's range), and the MSI (scripts/build-msi.sh)
# installed and removed.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build-windows.sh
# The MSI and zip (dist/), which e2e_wine_msi installs.
scripts/build-msi.sh

# A fresh wine prefix for this run, removed afterwards.
WINEPREFIX=$(mktemp -d /tmp/portwatch-wine.XXXXXX)
export WINEPREFIX
trap '/usr/lib/wine/wineserver -k 2>/dev/null || true; rm -rf "$WINEPREFIX"' EXIT
ctest --preset windows-mingw
