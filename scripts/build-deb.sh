#!/usr/bin/env bash
# Builds the Debian package (debian/, debhelper) from the committed tree
# into dist/ and runs lintian on it. Usage: scripts/build-deb.sh
# The build runs on a `git archive` of HEAD in a temporary directory, so
# what is packaged is what is committed; the revision goes into the binary
# (PORTWATCH_REVISION), CivetWeb comes from Debian's source package
# (scripts/lib/civetweb-source.sh), as in every other build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --packaging
source scripts/lib/version.sh
version=$(dpkg-parsechangelog -S Version)
cmake_version=$(portwatch_version)
if [[ "$version" != "$cmake_version" ]]; then
  echo "build-deb: debian/changelog says $version, CMakeLists.txt $cmake_version" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git archive --format=tar --prefix=portwatch/ HEAD | tar -x -C "$work"
civetweb=$(scripts/lib/civetweb-source.sh)
(cd "$work/portwatch" &&
  PORTWATCH_REVISION=$(git -C "$OLDPWD" rev-parse --short=12 HEAD) \
  PORTWATCH_CIVETWEB_SOURCE="$civetweb" \
  DEB_BUILD_OPTIONS="parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" \
  dpkg-buildpackage -b -us -uc)
mkdir -p dist
deb="portwatch_${version}_$(dpkg --print-architecture).deb"
cp "$work/$deb" dist/
echo "build-deb: dist/$deb" >&2
lintian --fail-on error,warning --display-info dist/"$deb"
