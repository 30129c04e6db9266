#!/usr/bin/env bash
# Checks that every place that states portwatch's version agrees with
# CMakeLists.txt's project(VERSION), which the binary (--version,
# portwatch_exporter_build_info) and the MSI take: debian/changelog (the
# .deb), vcpkg.json, and the image tag in deploy/kubernetes/base.
# Usage: scripts/ci/check-versions.sh   (exit 1 and a line per disagreement)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/version.sh
version=$(portwatch_version)
status=0
check() {  # what value
  if [[ "$2" != "$version" ]]; then
    echo "check-versions: $1 says '$2', CMakeLists.txt '$version'" >&2
    status=1
  fi
}
check debian/changelog "$(sed -n '1s/^portwatch (\([^)]*\)).*/\1/p' debian/changelog)"
check vcpkg.json "$(sed -n 's/^ *"version-string": "\([^"]*\)".*/\1/p' vcpkg.json)"
check deploy/kubernetes/base/kustomization.yaml \
  "$(sed -n 's/^ *newTag: *//p' deploy/kubernetes/base/kustomization.yaml)"
[[ $status -eq 0 ]] && echo "check-versions: $version everywhere"
exit "$status"
