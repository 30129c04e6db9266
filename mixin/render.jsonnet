// Renders the committed files (run by scripts/render-mixin.sh):
//   jsonnet -S -m <repo root> mixin/render.jsonnet
local mixin = import 'mixin.libsonnet';
local header = |||
  # Generated from mixin/ by scripts/render-mixin.sh: edit the mixin
  # (thresholds and durations in mixin/config.libsonnet), not this file.
|||;
local yaml(value) = header + std.manifestYamlDoc(value, indent_array_in_object=true, quote_keys=false) + '\n';

// The Kubernetes base's PrometheusRule: kustomize sets its namespace;
// `release` is what kube-prometheus-stack's default ruleSelector wants
// (deploy/kubernetes/examples/release-label changes it).
local prometheusRule = (import 'prometheusrule.jsonnet')(labels='release=kube-prometheus-stack');

{
  'alerts/portwatch.rules.yml': yaml(mixin.prometheusRules),
  'alerts/portwatch.alerts.yml': yaml(mixin.prometheusAlerts),
  'deploy/kubernetes/base/prometheusrule.yaml': header + prometheusRule,
} + {
  ['dashboards/' + name]: std.manifestJsonEx(mixin.grafanaDashboards[name], '  ') + '\n'
  for name in std.objectFields(mixin.grafanaDashboards)
}
