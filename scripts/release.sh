#!/usr/bin/env bash
# Builds every release artifact of the committed tree, at the version
# CMakeLists.txt declares, into a fresh dist/, checks that they all carry
# that version, and writes dist/SHA256SUMS:
#   portwatch-<v>.tar.gz                 source (git archive of HEAD)
#   portwatch_<v>_amd64.deb              scripts/build-deb.sh
#   portwatch_<v>_amd64.oci.tar          scripts/build-container.sh (podman load -i)
#   portwatch-<v>-amd64.msi, portwatch-<v>-windows-amd64.zip   scripts/build-msi.sh
# Usage: scripts/release.sh   (as root: the container build; ~5 min warm)
# It builds and checks; it does not tag, sign or publish anything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/version.sh
version=$(portwatch_version)
scripts/ci/check-versions.sh
if [[ -n "$(git status --porcelain --untracked-files=no)" ]]; then
  echo "release: warning: uncommitted changes are not in the source" \
       "tarball and the .deb (both are built from HEAD)" >&2
fi
rm -rf dist
mkdir dist
git archive --format=tar.gz --prefix="portwatch-$version/" \
  --output="dist/portwatch-$version.tar.gz" HEAD
scripts/build-deb.sh
scripts/build-container.sh
scripts/build-msi.sh

# Every artifact says the same version, down to the binaries' --version.
fail() { echo "release: $*" >&2; exit 1; }
arch=$(dpkg --print-architecture)
deb="dist/portwatch_${version}_${arch}.deb"
[[ $(dpkg-deb --field "$deb" Version) == "$version" ]] || fail "$deb: Version"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb --extract "$deb" "$work/deb"
[[ $("$work/deb/usr/bin/portwatch_exporter" --version) == \
   "portwatch_exporter version $version "* ]] || fail "$deb: --version"
source scripts/lib/podman.sh
[[ $(podman image inspect --format \
     '{{index .Config.Labels "org.opencontainers.image.version"}}' \
     "localhost/portwatch:$version") == "$version" ]] || fail "image label"
msi="dist/portwatch-$version-amd64.msi"
msiinfo export "$msi" Property | tr -d '\r' |
  grep -qx "ProductVersion	$version" ||
  fail "$msi: ProductVersion"
[[ $(WINEDEBUG=-all WINEPREFIX="$work/wine" /usr/lib/wine/wine64 \
     build-windows/exporter/portwatch_exporter.exe --version 2>/dev/null |
     tr -d '\r') == "portwatch_exporter version $version "* ]] ||
  fail "portwatch_exporter.exe --version"
(cd dist && sha256sum -- * >SHA256SUMS)
echo "release: portwatch $version in dist/:" >&2
cat dist/SHA256SUMS >&2
