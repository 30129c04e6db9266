#!/usr/bin/env bash
# Cross-builds portwatch's dependencies for 64-bit Windows with Debian's
# mingw-w64, from Debian's own source packages (apt-get source; deb-src
# entries for the Debian archive this machine's APT uses are added when
# missing, scripts/lib/debian-source.sh):
# fmtlib, spdlog, googletest and prometheus-cpp (core; CivetWeb is compiled
# by the build itself, cmake/PortwatchCivetweb.cmake). Installs them as static libraries into
# $PORTWATCH_WINDOWS_PREFIX and reuses that prefix on later runs (delete it
# to rebuild). Prints the prefix on stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
SOURCE_DIR=$PWD
CACHE=${PORTWATCH_WINDOWS_CACHE:-/var/cache/portwatch-windows}
PREFIX=${PORTWATCH_WINDOWS_PREFIX:-$CACHE/prefix}
STAMP="$PREFIX/.portwatch-deps-v2"
if [[ -f "$STAMP" ]]; then
  echo "$PREFIX"
  exit 0
fi

# A prefix of an older recipe goes whole (v1 also held a CivetWeb).
rm -rf "$PREFIX"
source scripts/lib/debian-source.sh
debian_source "$CACHE/src" fmtlib spdlog googletest prometheus-cpp
mkdir -p "$CACHE/build" "$PREFIX"
cd "$CACHE/src"

TOOLCHAIN="$SOURCE_DIR/cmake/toolchain-mingw-w64-x86_64.cmake"
build() {  # name source-dir cmake-args...
  local name=$1 source=$2
  shift 2
  echo "build-windows-deps: building $name" >&2
  cmake -S "$source" -B "$CACHE/build/$name" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN" -DPORTWATCH_WINDOWS_PREFIX="$PREFIX" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" \
    -DCMAKE_PREFIX_PATH="$PREFIX" -DBUILD_SHARED_LIBS=OFF "$@" >/dev/null
  cmake --build "$CACHE/build/$name" -j "${JOBS:-2}" >/dev/null
  cmake --install "$CACHE/build/$name" >/dev/null
}

build fmt "$(ls -d fmtlib-*/)" -DFMT_TEST=OFF -DFMT_DOC=OFF
build spdlog "$(ls -d spdlog-*/)" -DSPDLOG_FMT_EXTERNAL=ON \
  -DSPDLOG_BUILD_EXAMPLE=OFF -DSPDLOG_BUILD_TESTS=OFF -DSPDLOG_BUILD_BENCH=OFF
build googletest "$(ls -d googletest-*/)" -Dgtest_force_shared_crt=OFF
build prometheus-cpp "$(ls -d prometheus-cpp-*/)" -DENABLE_PULL=OFF \
  -DENABLE_PUSH=OFF -DENABLE_COMPRESSION=OFF -DENABLE_TESTING=OFF \
  -DUSE_THIRDPARTY_LIBRARIES=OFF -DGENERATE_PKGCONFIG=OFF
touch "$STAMP"
echo "$PREFIX"
