#!/usr/bin/env bash
# Builds the container image (packaging/container/Containerfile) with podman
# from the Debian package in dist/ (scripts/build-deb.sh makes it), tags it
# localhost/portwatch:<version> and saves it as an OCI archive into dist/.
# Usage: scripts/build-container.sh
# Without registry access the base image is made here: a minimal Debian 12
# (mmdebstrap --variant=minbase, from the Debian archive and security
# archive this machine's APT uses, scripts/lib/apt-sources.sh) imported as
# localhost/portwatch-base:bookworm, once. BASE=<image> uses another base,
# e.g. BASE=docker.io/library/debian:bookworm-slim where a registry is
# reachable. The build's apt reaches the base image's APT sources over the
# host network.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --packaging
source scripts/lib/apt-sources.sh
source scripts/lib/podman.sh
source scripts/lib/version.sh
version=$(portwatch_version)
arch=$(dpkg --print-architecture)
deb="dist/portwatch_${version}_${arch}.deb"
if [[ ! -f "$deb" ]]; then
  echo "build-container: no $deb; run scripts/build-deb.sh first" >&2
  exit 1
fi
base=${BASE:-localhost/portwatch-base:bookworm}
if [[ -z "${BASE:-}" ]] && ! podman image exists "$base"; then
  if ! mirrors=$(debian_mirror_entries bookworm); then
    echo "build-container: no Debian archive to make $base from" >&2
    exit 1
  fi
  mapfile -t mirrors <<<"$mirrors"
  echo "build-container: making the base image $base" >&2
  mmdebstrap --quiet --mode=root --variant=minbase --format=tar bookworm - \
    "${mirrors[@]}" | podman import --quiet - "$base" >/dev/null
fi
image="localhost/portwatch:$version"
# --layers=false: no cached stage images (the install stage is 370 MB).
podman build --quiet --layers=false --network=host --file packaging/container/Containerfile \
  --build-arg BASE="$base" --build-arg DEB="$deb" \
  --build-arg VERSION="$version" --tag "$image" . >/dev/null
archive="dist/portwatch_${version}_${arch}.oci.tar"
rm -f "$archive"
podman save --quiet --format oci-archive --output "$archive" "$image"
echo "build-container: $image, $archive" >&2
