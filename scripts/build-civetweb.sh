#!/usr/bin/env bash
# Builds the CivetWeb that the Linux exporter links, from Debian's own
# source package (1.15): Debian's prebuilt libcivetweb dlopens OpenSSL with
# the 1.1 API and crashes on every HTTPS request under OpenSSL 3 (see
# ../shared/notes/civetweb-tls.md). This build links OpenSSL directly
# (NO_SSL_DL, OPENSSL_API_1_1), enables IPv6 and compiles out file serving
# and CGI, which the exporter never uses (docs/security.md). Installs a
# static library into $PORTWATCH_CIVETWEB_PREFIX, reused on later runs
# (delete it to rebuild). Prints the prefix on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${PORTWATCH_CIVETWEB_CACHE:-/var/cache/portwatch-civetweb}
PREFIX=${PORTWATCH_CIVETWEB_PREFIX:-$CACHE/prefix}
STAMP="$PREFIX/.portwatch-civetweb-v1"
if [[ -f "$STAMP" ]]; then
  echo "$PREFIX"
  exit 0
fi

source scripts/lib/debian-source.sh
debian_source "$CACHE/src" civetweb
echo "build-civetweb: building CivetWeb with TLS" >&2
cmake -S "$(ls -d "$CACHE"/src/civetweb-*/ | head -1)" -B "$CACHE/build" \
  -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" \
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DBUILD_SHARED_LIBS=OFF \
  -DCIVETWEB_ENABLE_SSL=ON -DCIVETWEB_ENABLE_SSL_DYNAMIC_LOADING=OFF \
  -DCIVETWEB_SSL_OPENSSL_API_1_0=OFF -DCIVETWEB_SSL_OPENSSL_API_1_1=ON \
  -DCIVETWEB_ENABLE_IPV6=ON -DCIVETWEB_SERVE_NO_FILES=ON \
  -DCIVETWEB_DISABLE_CGI=ON -DCIVETWEB_ENABLE_WEBSOCKETS=OFF \
  -DCIVETWEB_ENABLE_LUA=OFF -DCIVETWEB_ENABLE_DUKTAPE=OFF \
  -DCIVETWEB_BUILD_TESTING=OFF -DCIVETWEB_ENABLE_SERVER_EXECUTABLE=OFF \
  -DCIVETWEB_INSTALL_EXECUTABLE=OFF -DCIVETWEB_ENABLE_CXX=OFF \
  -DCIVETWEB_ENABLE_ASAN=OFF -DCIVETWEB_ENABLE_DEBUG_TOOLS=OFF >/dev/null
cmake --build "$CACHE/build" -j "${JOBS:-2}" >/dev/null
cmake --install "$CACHE/build" >/dev/null
touch "$STAMP"
echo "$PREFIX"
