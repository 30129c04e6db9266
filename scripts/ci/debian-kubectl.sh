#!/usr/bin/env bash
# Prints the path of Debian 12's kubectl (package kubernetes-client, 1.20,
# with kustomize 2.0.3), which validates deploy/kubernetes. The package is
# downloaded and unpacked once into ${PORTWATCH_TOOL_CACHE:-/var/cache/
# portwatch-tools}, not installed: a machine may already have another
# kubectl at /usr/bin/kubectl (Google's package, say), which it would clash
# with. Usage: scripts/ci/debian-kubectl.sh
set -euo pipefail
cache=${PORTWATCH_TOOL_CACHE:-/var/cache/portwatch-tools}
version=$(apt-cache policy kubernetes-client | sed -n 's/^ *Candidate: //p')
if [[ -z "$version" || "$version" == "(none)" ]]; then
  apt-get update -qq
  version=$(apt-cache policy kubernetes-client | sed -n 's/^ *Candidate: //p')
fi
kubectl="$cache/kubernetes-client_$version/usr/bin/kubectl"
if [[ ! -x "$kubectl" ]]; then
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/.download.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  chmod 755 "$work"
  (cd "$work" && apt-get download -qq "kubernetes-client=$version" 2>/dev/null)
  dpkg-deb --extract "$work"/kubernetes-client_*.deb "$work/root"
  mv -T "$work/root" "$cache/kubernetes-client_$version" 2>/dev/null || true
fi
echo "$kubectl"
