#!/usr/bin/env bash
# Prints the mixin's recording rules and alerts as one prometheus-operator
# PrometheusRule. Labels select it for a Prometheus: kube-prometheus-stack's
# default ruleSelector wants `release: <helm release name>`. Usage:
#   scripts/make-prometheusrule.sh [NAMESPACE] [LABEL=VALUE ...] | kubectl apply -f -
#   scripts/make-prometheusrule.sh monitoring release=kube-prometheus-stack
set -euo pipefail
cd "$(dirname "$0")/../mixin"
namespace=${1:-monitoring}
shift || true
for pair in "$@"; do
  [[ "$pair" =~ ^[A-Za-z0-9._/-]+=[^,]*$ ]] || {
    echo "make-prometheusrule: expected LABEL=VALUE (no commas), got '$pair'" >&2; exit 2; }
done
labels=$(IFS=,; echo "$*")
exec jsonnet -S prometheusrule.jsonnet --tla-str namespace="$namespace" --tla-str labels="$labels"
