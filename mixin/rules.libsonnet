// Recording rules: the only place that selects portwatch's series and the
// only place with numbers. Alerts and dashboard panels read these.
local promql = import 'lib/promql.libsonnet';

{
  prometheusRules+:: {
    local config = $._config,
    local sel(extra='') = promql.select(config, extra),
    local target = promql.labelList(promql.targetLabels(config)),
    local threshold(name, value) = { record: 'portwatch:threshold:' + name, expr: 'vector(%g)' % value },
    local peak = 'portwatch:ephemeral_port_utilization:peak_ratio',
    local forecast(tier, minimum) = {
      record: 'portwatch:ephemeral_port_utilization:seconds_to_exhaustion_' + tier,
      expr: |||
        (1 - %(peak)s)
          / (deriv(%(peak)s[%(window)s]) > 0)
        and
        deriv(%(peak)s[%(rising)s]) > 0
        and
        %(peak)s >= on () group_left () portwatch:threshold:%(minimum)s
      ||| % {
        peak: peak,
        window: config.forecast[tier].window,
        rising: config.forecast[tier].rising,
        minimum: minimum,
      },
    },

    groups+: [
      {
        name: 'portwatch.rules',
        rules: [
          // --- Selectors ------------------------------------------------
          { record: 'portwatch:up', expr: 'up' + sel() },
          // The platform of each target (build info carries `os`).
          {
            record: 'portwatch:exporter:os',
            expr: 'max by (%s, os) (portwatch_exporter_build_info%s)' % [target, sel()],
          },
          // Peak utilization over the peak window, labelled with the os.
          {
            record: peak,
            expr: |||
              max_over_time(portwatch_ephemeral_port_utilization_ratio%s[%s])
                * on (%s) group_left (os)
              portwatch:exporter:os
            ||| % [sel(), config.peakWindow, target],
          },
          // The same per network namespace (collector netns: pods and
          // containers), keeping their netns, netns_name, container_id and
          // pod_uid labels, without the exporter's own namespace: the
          // host-level peak above already covers it.
          {
            record: 'portwatch:netns_ephemeral_port_utilization:peak_ratio',
            expr: |||
              max_over_time(portwatch_netns_ephemeral_port_utilization_ratio%s[%s])
                * on (%s) group_left (os)
              portwatch:exporter:os
                unless on (%s, netns)
              portwatch_netns_exporter_namespace_info%s
            ||| % [sel(), config.peakWindow, target, target, sel()],
          },
          {
            record: 'portwatch:ephemeral_ports',
            expr: 'portwatch_ephemeral_ports' + sel(),
          },
          {
            record: 'portwatch:ephemeral_ports:max_recent',
            expr: 'max_over_time(portwatch_ephemeral_ports%s[%s])' % [sel(), config.rangeShrinkWindow],
          },
          {
            record: 'portwatch:time_wait_endpoint_share:peak_ratio',
            expr: |||
              max_over_time(portwatch_tcp_time_wait_sockets%s[%s])
                / on (%s, family) group_left ()
              portwatch_ephemeral_ports%s
            ||| % [sel(), config.peakWindow, target, sel()],
          },
          {
            record: 'portwatch:close_wait_ephemeral_sockets:ratio',
            expr: |||
              portwatch_tcp_ephemeral_sockets%s
                / on (%s, family) group_left ()
              portwatch_ephemeral_ports%s
            ||| % [sel('state="close_wait"'), target, sel()],
          },
          {
            record: 'portwatch:close_wait_ephemeral_sockets:min_recent',
            expr: 'min_over_time(portwatch_tcp_ephemeral_sockets%s[%s])'
                  % [sel('state="close_wait"'), config.closeWaitLeak.recent],
          },
          {
            record: 'portwatch:close_wait_ephemeral_sockets:max_earlier',
            expr: 'max_over_time(portwatch_tcp_ephemeral_sockets%s[%s] offset %s)'
                  % [sel('state="close_wait"'), config.closeWaitLeak.recent, config.closeWaitLeak.ago],
          },
          {
            record: 'portwatch:tcpip_events:increase',
            expr: 'increase(portwatch_tcpip_events_total%s[%s])' % [sel(), config.events.window],
          },
          // Linux (collector connect_failures, eBPF): connect() that found no
          // free port towards its destination (EADDRNOTAVAIL) and bind() to
          // port 0 that found none in the range (EADDRINUSE), per family and
          // operation; the counterpart of Windows' Event 4231, over the same
          // window. Its four series exist from the start (value 0).
          {
            record: 'portwatch:port_allocation_failures:increase',
            expr: 'increase(portwatch_port_allocation_failures_total%s[%s])' % [sel(), config.events.window],
          },
          {
            record: 'portwatch:scrape_collector_success',
            expr: 'portwatch_scrape_collector_success' + sel(),
          },
          {
            record: 'portwatch:web_config_last_reload_successful',
            expr: 'portwatch_web_config_last_reload_successful' + sel(),
          },

          // --- Thresholds (from _config) --------------------------------
          threshold('running_low_warning', config.thresholds.runningLowWarning),
          threshold('running_low_critical', config.thresholds.runningLowCritical),
          threshold('exhausted', config.thresholds.exhausted),
          threshold('forecast_minimum', config.thresholds.forecastMinimum),
          threshold('slow_leak_minimum', config.thresholds.slowLeakMinimum),
          threshold('time_wait_concentration', config.thresholds.timeWaitConcentration),
          threshold('close_wait_leak', config.thresholds.closeWaitLeak),
          threshold('sustained_events', config.thresholds.sustainedEvents),
          threshold('forecast_fast_horizon_seconds', promql.seconds(config.forecast.fast.horizon)),
          threshold('forecast_slow_horizon_seconds', promql.seconds(config.forecast.slow.horizon)),

          // --- Forecasts: seconds until the peak reaches 100% at the
          // trend of the tier's window; only while the peak is still rising
          // (a climb that levelled off is not a trend) and above the tier's
          // minimum. The alerts' own guards, also drawn on the dashboard.
          forecast('fast', 'forecast_minimum'),
          forecast('slow', 'slow_leak_minimum'),
        ],
      },
    ],
  },
}
