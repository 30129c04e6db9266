#!/usr/bin/env bash
# Prints the CivetWeb source tree the builds compile (CMake:
# FETCHCONTENT_SOURCE_DIR_CIVETWEB): Debian's own source package, 1.15 with
# Debian's patches (`apt-get source civetweb`), unpacked once under
# $PORTWATCH_CIVETWEB_CACHE. Debian's prebuilt libcivetweb is never used: it
# crashes on HTTPS under OpenSSL 3 (cmake/PortwatchCivetweb.cmake).
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE=${PORTWATCH_CIVETWEB_CACHE:-/var/cache/portwatch-civetweb}
source scripts/lib/debian-source.sh
debian_source "$CACHE/src" civetweb
ls -d "$CACHE"/src/civetweb-*/ | head -1 | sed 's:/$::'
