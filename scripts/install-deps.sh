#!/usr/bin/env bash
# Installs the Debian 12 packages portwatch needs to build, run and test
# (with sudo when not root); with --run, only what building and running
# the exporter needs (scripts/run.sh); with --windows, those of the Windows
# cross-build and its wine tests instead; with --bench, the benchmark's
# contenders and plotting; with --fuzz, clang and libFuzzer; with
# --packaging, what builds and tests the packages (Debian package, man
# page, a fresh Debian root to install it into). Does nothing when they are all present.
set -euo pipefail

if [[ "${1:-}" == "--run" ]]; then
  # The release preset's build: no tests, no eBPF (collector
  # connect_failures then says it was built without it).
  PACKAGES=(build-essential cmake ninja-build ccache pkg-config
            prometheus-cpp-dev libspdlog-dev libfmt-dev libyaml-cpp-dev
            libssl-dev libcrypt-dev zlib1g-dev
            dpkg-dev)  # apt-get source civetweb
elif [[ "${1:-}" == "--fuzz" ]]; then
  PACKAGES=(clang-14 libclang-rt-14-dev cmake ninja-build)
elif [[ "${1:-}" == "--bench" ]]; then
  PACKAGES=(prometheus-node-exporter gnuplot-nox curl iproute2)
elif [[ "${1:-}" == "--packaging" ]]; then
  # The package's own build dependencies come from debian/control
  # (Build-Depends, through apt-get build-dep below), not from a copy here.
  # mmdebstrap and systemd-nspawn: the fresh Debian root the package tests
  # install it into (scripts/ci/make-test-root.sh, tests/packaging/); podman
  # and runc: the container image (scripts/build-container.sh).
  PACKAGES=(dpkg-dev lintian git mmdebstrap systemd-container podman runc)
elif [[ "${1:-}" == "--windows" ]]; then
  PACKAGES=(g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix
            binutils-mingw-w64-x86-64 wine64 dpkg-dev cmake ninja-build
            libz-mingw-w64-dev  # gzip for /metrics, linked statically
            python3 wixl msitools)  # wixl, msitools: the MSI (build-msi.sh)
else
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  prometheus-cpp-dev libspdlog-dev libfmt-dev
  libgtest-dev googletest
  prometheus               # prometheus and promtool
  prometheus-alertmanager  # alertmanager and amtool, for the alerting tests
  iproute2 curl python3 python3-yaml clang-format
  libyaml-cpp-dev          # --web.config.file
  libssl-dev openssl       # TLS (CivetWeb compiled by the build, cmake/PortwatchCivetweb.cmake)
  libcrypt-dev             # bcrypt for basic_auth_users (libxcrypt)
  zlib1g-dev               # gzip for /metrics
  dpkg-dev                 # apt-get source civetweb
  systemd strace           # least-privilege test: systemd-analyze, syscalls
  jsonnet                  # the monitoring mixin (mixin/)
  nodejs                   # Grafana schema check (dashboards/schema-check)
  clang libbpf-dev bpftool # collector connect_failures (eBPF, cmake/PortwatchEbpf.cmake)
  iptables conntrack       # collector conntrack: a NAT path and what conntrack-tools see
)
fi

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
# npm: bundled in NodeSource's nodejs, which conflicts with Debian's npm.
if [[ -z "${1:-}" ]] && ! command -v npm >/dev/null; then missing+=(npm); fi
source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dep=false
if [[ "${1:-}" == "--packaging" ]] &&
   ! (cd "$source_dir" && dpkg-checkbuilddeps) >/dev/null 2>&1; then
  build_dep=true
fi
if [[ ${#missing[@]} -eq 0 ]] && ! $build_dep; then
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi
echo "install-deps: installing ${missing[*]}" \
  "$($build_dep && echo "and debian/control's Build-Depends")" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
if [[ ${#missing[@]} -gt 0 ]]; then
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if $build_dep; then
  (cd "$source_dir" &&
    "${SUDO[@]}" apt-get build-dep -y -qq --no-install-recommends ./ >/dev/null)
fi
