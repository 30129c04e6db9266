#!/usr/bin/env bash
# Renders the monitoring mixin (mixin/, jsonnet) into the files that are
# committed for users without jsonnet: alerts/portwatch.rules.yml,
# alerts/portwatch.alerts.yml, dashboards/portwatch.json and the Kubernetes
# PrometheusRule, deploy/kubernetes/base/prometheusrule.yaml.
#   scripts/render-mixin.sh           rewrite them
#   scripts/render-mixin.sh --check   fail when they differ from a fresh render
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jsonnet >/dev/null || { echo "render-mixin: jsonnet not found (apt-get install jsonnet)" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# jsonnet -m writes into existing directories only: make those of every
# file render.jsonnet names.
(cd mixin && jsonnet -S -e \
   'std.join("\n", std.objectFields(import "render.jsonnet"))') |
  while read -r name; do mkdir -p "$out/$(dirname "$name")"; done
files=$(cd mixin && jsonnet -S -m "$out" render.jsonnet)

status=0
for file in $files; do
  name=${file#"$out"/}
  if [[ "${1:-}" == "--check" ]]; then
    if ! diff -u "$name" "$file" >&2; then
      echo "render-mixin: $name differs from the mixin; run scripts/render-mixin.sh" >&2
      status=1
    fi
  else
    cp "$file" "$name"
    echo "rendered $name"
  fi
done
exit "$status"
