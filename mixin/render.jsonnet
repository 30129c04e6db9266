// Renders the committed files (run by scripts/render-mixin.sh):
//   jsonnet -S -m <repo root> mixin/render.jsonnet
local mixin = import 'mixin.libsonnet';
local header = |||
  # Generated from mixin/ by scripts/render-mixin.sh: edit the mixin
  # (thresholds and durations in mixin/config.libsonnet), not this file.
|||;
local yaml(value) = header + std.manifestYamlDoc(value, indent_array_in_object=true, quote_keys=false) + '\n';

{
  'alerts/portwatch.rules.yml': yaml(mixin.prometheusRules),
  'alerts/portwatch.alerts.yml': yaml(mixin.prometheusAlerts),
} + {
  ['dashboards/' + name]: std.manifestJsonEx(mixin.grafanaDashboards[name], '  ') + '\n'
  for name in std.objectFields(mixin.grafanaDashboards)
}
