// The portwatch monitoring mixin: recording rules, alerts and the Grafana
// dashboard from one _config (config.libsonnet).
(import 'config.libsonnet')
+ (import 'rules.libsonnet')
+ (import 'alerts.libsonnet')
+ (import 'dashboards/dashboards.libsonnet')
