#!/usr/bin/env bash
# Prints alerts/portwatch.rules.yml wrapped as a Kubernetes PrometheusRule
# (prometheus-operator). Usage:
#   scripts/make-prometheusrule.sh [NAMESPACE] | kubectl apply -f -
set -euo pipefail
cd "$(dirname "$0")/.."
namespace=${1:-monitoring}
cat <<HEADER
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: portwatch
  namespace: ${namespace}
  labels:
    app.kubernetes.io/name: portwatch
spec:
HEADER
# The rules file's top-level "groups:" becomes spec.groups.
grep -v '^#' alerts/portwatch.rules.yml | sed 's/^/  /'
