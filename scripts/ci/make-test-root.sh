#!/usr/bin/env bash
# Makes a fresh Debian 12 root file system for the package tests
# (tests/packaging/) and prints the path of its tarball. Usage:
#   scripts/ci/make-test-root.sh DEB
# The root is what `debootstrap bookworm` installs (priorities required and
# important, systemd as init) from bookworm, its updates and its security
# updates, taken from the Debian archive and security archive this
# machine's APT uses (scripts/lib/apt-sources.sh), plus, in apt's
# cache and not installed, the packages DEB depends on (as apt resolves its
# Depends), so that `apt-get install ./portwatch_*.deb` inside it works
# without a network. Built with mmdebstrap (as root, ~45 s) and cached in
# $PORTWATCH_TEST_ROOT_CACHE (default /var/cache/portwatch-test-roots),
# keyed by DEB's Depends and this script.
set -euo pipefail
deb=$(realpath "${1:?usage: make-test-root.sh DEB}")
cd "$(dirname "$0")/../.."
if [[ $(id -u) -ne 0 ]]; then
  echo "make-test-root: needs root (mmdebstrap --mode=root)" >&2
  exit 1
fi
source scripts/lib/apt-sources.sh
key=$( (dpkg-deb -f "$deb" Depends; cat "$0") | sha256sum | cut -c1-16)
cache=${PORTWATCH_TEST_ROOT_CACHE:-/var/cache/portwatch-test-roots}
tarball="$cache/bookworm-$key.tar"
if [[ ! -s "$tarball" ]]; then
  mkdir -p "$cache"
  log=$(mktemp)
  trap 'rm -f "$log" "$tarball.part"' EXIT
  if ! mirrors=$(debian_mirror_entries bookworm); then
    echo "make-test-root: no Debian archive to build the root from" >&2
    exit 1
  fi
  mapfile -t mirrors <<<"$mirrors"
  echo "make-test-root: building $tarball" >&2
  # The package is copied in only to let apt resolve and download its
  # dependencies, then removed; apt's lists and cache (with only those
  # dependencies) stay.
  if ! mmdebstrap --mode=root --variant=debootstrap --format=tar \
      --skip=cleanup/apt \
      --customize-hook='chroot "$1" apt-get clean' \
      --customize-hook="upload $deb /root/portwatch-deps.deb" \
      --customize-hook='chroot "$1" apt-get install --download-only -y -qq /root/portwatch-deps.deb' \
      --customize-hook='rm "$1/root/portwatch-deps.deb"' \
      bookworm "$tarball.part" "${mirrors[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    echo "make-test-root: mmdebstrap failed" >&2
    exit 1
  fi
  mv "$tarball.part" "$tarball"
  # Older roots of other keys are not needed any more.
  find "$cache" -name 'bookworm-*.tar' ! -name "${tarball##*/}" -delete
fi
echo "$tarball"
