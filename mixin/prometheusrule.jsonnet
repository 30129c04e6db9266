// The rules and alerts as one prometheus-operator PrometheusRule
// (scripts/make-prometheusrule.sh). Name, namespace and labels come from
// _config.prometheusRule; `labels` adds to them, as 'key=value,key=value'.
local mixin = import 'mixin.libsonnet';

function(namespace=null, labels='', name=null)
  local config = mixin._config.prometheusRule;
  local pairs = [std.splitLimit(pair, '=', 1) for pair in std.split(labels, ',') if pair != ''];
  std.manifestYamlDoc({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: if name == null then config.name else name,
      namespace: if namespace == null then config.namespace else namespace,
      labels: config.labels + { [pair[0]]: pair[1] for pair in pairs },
    },
    spec: {
      groups: mixin.prometheusRules.groups + mixin.prometheusAlerts.groups,
    },
  }, indent_array_in_object=true, quote_keys=false) + '\n'
