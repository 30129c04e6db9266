// Alerting rules. They read only the recorded series of rules.libsonnet,
// so selectors and thresholds live in one place.
local promql = import 'lib/promql.libsonnet';

{
  prometheusAlerts+:: {
    local config = $._config,
    local cluster = config.clusterLabel,
    local peak = 'portwatch:ephemeral_port_utilization:peak_ratio',
    // Linux host scope: only bind(0) and bind-before-connect fail there,
    // since connect() shares a local port across destinations. Everything
    // else (any Linux destination, any Windows scope) is connect() failing.
    local connectScopes(series) = '(%s unless %s{os="linux", scope="host"})' % [series, series],
    local bindScope(series) = '%s{os="linux", scope="host"}' % series,
    local atLeast(threshold) = ' >= on () group_left () portwatch:threshold:' + threshold,

    // With showMultiCluster, the alert's cluster too: its label, or the
    // Prometheus' external label (a Prometheus per cluster).
    local clusterParameter =
      if config.showMultiCluster then
        ('{{ with $labels.%(c)s }}&var-cluster={{ . | urlquery }}{{ else }}'
         + '{{ with $externalLabels.%(c)s }}&var-cluster={{ . | urlquery }}{{ end }}{{ end }}')
        % { c: cluster }
      else '',
    local dashboardURL =
      '%s/d/%s?var-job={{ $labels.job | urlquery }}&var-instance={{ $labels.instance | urlquery }}%s'
      % [config.dashboard.grafanaURL, config.dashboard.uid, clusterParameter],
    local alert(name, severity, expr, forDuration, summary, description, extra={}) = {
      alert: name,
      expr: expr,
      [if forDuration != null then 'for']: forDuration,
      labels: { severity: severity },
      annotations: {
        summary: summary,
        description: std.strReplace(std.stripChars(description, '\n'), '\n', ' '),
        runbook_url: config.runbookURLPattern % name,
        dashboard_url: dashboardURL,
      },
    } + extra,

    // "on host h (cluster c)" with the cluster only when the alert has one.
    local where = '{{ $labels.instance }}{{ with $labels.%s }} (%s {{ . }}){{ end }}' % [cluster, cluster],
    // The family in words: Linux host scope counts both in one port space.
    local family = '{{ if eq $labels.family "all" }}IPv4 and IPv6 (one shared space){{ else }}{{ $labels.family }}{{ end }}',
    // What stops working at 100% of this family and scope.
    local whatFails =
      '{{ if eq $labels.scope "destination" }}connect() to the busiest destination'
      + ' fails (Linux: EADDRNOTAVAIL; Windows: WSAENOBUFS 10055, Event 4231)'
      + '{{ else if eq $labels.os "linux" }}bind() to port 0 and bind-before-connect fail'
      + ' (EADDRINUSE); connect() to other destinations can still share ports'
      + '{{ else }}every new outbound connection fails (WSAENOBUFS 10055 or WSAEADDRINUSE 10048,'
      + ' Event 4231){{ end }}',
    // The busiest destination, looked up when the alert is sent.
    local busiestDestination =
      ('{{ if eq $labels.scope "destination" }} Busiest destination: '
       + '{{ with printf "topk(1, portwatch_tcp_destination_ephemeral_sockets{%s=%%q, job=%%q, instance=%%q, family=%%q})"'
       + ' $labels.%s $labels.job $labels.instance $labels.family | query }}'
       + '{{ with . | first }}{{ .Labels.local_address }} to {{ .Labels.remote_address }}:{{ .Labels.remote_port }}'
       + ' ({{ .Value }} sockets){{ end }}{{ else }}not exported (see the dashboard){{ end }}.{{ end }}')
      % [cluster, cluster],
    local utilization = |||
      %s: {{ $value | humanizePercentage }} of the usable %s
      ephemeral ports were in use at the peak of the last %s
      (scope={{ $labels.scope }}). At 100%%, %s.%s
    ||| % [where, family, config.peakWindow, whatFails, busiestDestination],

    // Per network namespace (collector netns): which pod or container, in
    // words, from the series' labels and, when kube-state-metrics is
    // scraped by the same Prometheus, the pod's namespace/name by its UID.
    local nsPeak = 'portwatch:netns_ephemeral_port_utilization:peak_ratio',
    local namespace =
      'network namespace {{ with $labels.netns_name }}{{ . }} (inode {{ $labels.netns }})'
      + '{{ else }}inode {{ $labels.netns }}{{ end }}'
      + '{{ with $labels.pod_uid }}, pod UID {{ . }}'
      + '{{ with printf "kube_pod_info{uid=%q}" $labels.pod_uid | query }}'
      + '{{ with . | first }} (pod {{ .Labels.namespace }}/{{ .Labels.pod }}){{ end }}{{ end }}{{ end }}'
      + '{{ with $labels.container_id }}, container {{ . }}{{ end }}',
    // What stops working at 100% inside the namespace (always Linux).
    local nsWhatFails =
      '{{ if eq $labels.scope "destination" }}connect() from this namespace to its busiest'
      + ' destination fails (EADDRNOTAVAIL){{ else }}bind() to port 0 and bind-before-connect'
      + ' in this namespace fail (EADDRINUSE); connect() to other destinations can still'
      + ' share ports{{ end }}',
    // The namespace's busiest destination, when it is one of the detailed
    // (busiest) namespaces.
    local nsBusiestDestination =
      ('{{ if eq $labels.scope "destination" }} Busiest destination: '
       + '{{ with printf "topk(1, portwatch_netns_tcp_destination_ephemeral_sockets{%s=%%q, job=%%q, instance=%%q, netns=%%q, family=%%q})"'
       + ' $labels.%s $labels.job $labels.instance $labels.netns $labels.family | query }}'
       + '{{ with . | first }}{{ .Labels.local_address }} to {{ .Labels.remote_address }}:{{ .Labels.remote_port }}'
       + ' ({{ .Value }} sockets){{ end }}{{ else }}not exported (see the dashboard){{ end }}.{{ end }}')
      % [cluster, cluster],
    // How to look at the namespace's sockets on the host.
    local lookInside =
      '{{ with $labels.netns_name }}nsenter --net=/run/netns/{{ . }} ss -tanp'
      + '{{ else }}a PID from lsns -t net | grep {{ $labels.netns }}, then nsenter -t PID -n ss -tanp{{ end }}',
    local nsUtilization = |||
      %s, %s: {{ $value | humanizePercentage }} of the namespace's usable %s
      ephemeral ports were in use at the peak of the last %s
      (scope={{ $labels.scope }}). At 100%%, %s.%s Look inside: %s.
    ||| % [where, namespace, family, config.peakWindow, nsWhatFails, nsBusiestDestination, lookInside],

    local runningLowSummary = 'Ephemeral ports are running low.',
    local exhaustedSummary = 'Ephemeral ports are exhausted: new connections are failing or about to.',
    local forecastSummary = 'Ephemeral ports will run out soon at the current trend.',
    local forecastDescription(window) = |||
      %s: at the trend of the last %s, the peak %s
      ephemeral port utilization (scope={{ $labels.scope }}) reaches 100%% in
      {{ $value | humanizeDuration }}. At 100%%, %s.%s
    ||| % [where, window, family, whatFails, busiestDestination],
    local eventNames = {
      '4227': 'a connection failed because its local port was still in TIME_WAIT towards the same remote endpoint',
      '4231': 'no TCP ephemeral port could be allocated',
      '4266': 'no UDP ephemeral port could be allocated',
    },
    // "4231 (no TCP ephemeral port could be allocated)" for the alert's id.
    local eventMeaning(ids) = std.join('', [
      '{{ %sif eq $labels.event_id "%s" }}%s' % [if i == 0 then '' else 'else ', ids[i], eventNames[ids[i]]]
      for i in std.range(0, std.length(ids) - 1)
    ]) + '{{ end }}',
    local eventDescription(ids) = |||
      %s logged {{ printf "%%.0f" $value }} Tcpip Event {{ $labels.event_id }} in
      the last %s: %s.
    ||| % [where, config.events.window, eventMeaning(ids)],
    local eventAlert(name, ids, summary) =
      local events = 'portwatch:tcpip_events:increase{event_id=~"%s"}' % std.join('|', ids);
      [
        alert(name, 'critical', events + atLeast('sustained_events'), null, summary,
              eventDescription(ids), { keep_firing_for: config.events.keepFiringFor }),
        alert(name, 'warning', events + ' >= 1', null, summary,
              eventDescription(ids), { keep_firing_for: config.events.keepFiringFor }),
      ],

    // Linux port allocation failures (collector connect_failures): the
    // same problem as Windows' Events 4231/4266, so the same alert name,
    // per family and operation, named in the destination's and the
    // process's terms. Who failed most in the window is looked up when the
    // alert is sent, in the breakdowns' top-K series without their `other`
    // series; a destination or process is published only once it failed,
    // hence increaseSinceBirth (the first failures count too).
    local failures = 'portwatch:port_allocation_failures:increase',
    // "3 times", "1 time": `n` is a template expression.
    local times(n, one, many) =
      '{{ with printf "%%.0f" %s }}{{ . }} {{ if eq . "1" }}%s{{ else }}%s{{ end }}{{ end }}' % [n, one, many],
    // A breakdown's series of this target: the printf format (a Go raw
    // string, so `matchers` may quote) takes the cluster, job and instance
    // as arguments 1 to 3 (the family as 4 for destinations), each used
    // four times by increaseSinceBirth.
    local breakdown(name, matchers) =
      '`topk(1, %s)`' % promql.increaseSinceBirth(
        'portwatch_port_allocation_failures_by_%s_total{%s=%%[1]q, job=%%[2]q, instance=%%[3]q, %s}'
        % [name, cluster, matchers],
        config.events.window
      ),
    local failingDestination =
      ('{{ if eq $labels.operation "connect" }} Destination failing most: '
       + '{{ with printf %s $labels.%s $labels.job $labels.instance $labels.family | query }}'
       + '{{ with . | first }}{{ if eq .Labels.family "ipv6" }}[{{ .Labels.remote_address }}]'
       + '{{ else }}{{ .Labels.remote_address }}{{ end }}:{{ .Labels.remote_port }}'
       + ' from network namespace {{ .Labels.netns }} (%s){{ end }}'
       + '{{ else }}not exported (see the dashboard){{ end }}.{{ end }}')
      % [breakdown('destination', 'family=%[4]q, remote_address!="other"'), cluster,
         times('.Value', 'failure', 'failures')],
    local failingProcess =
      (' Process failing most (connect() and bind(), any family): '
       + '{{ with printf %s $labels.%s $labels.job $labels.instance | query }}'
       + '{{ with . | first }}{{ .Labels.process }}{{ with .Labels.pid }} (pid {{ . }}){{ end }}'
       + ' in network namespace {{ .Labels.netns }} (%s){{ end }}'
       + '{{ else }}not exported (see the dashboard){{ end }}.')
      % [breakdown('process', 'process!="other"'), cluster, times('.Value', 'failure', 'failures')],
    local failureDescription = |||
      %s: {{ $labels.operation }}(){{ if eq $labels.operation "bind" }} to port 0{{ end }}
      ({{ $labels.family }}) failed %s in the last %s with {{ $labels.errno }}:
      {{ if eq $labels.operation "connect" }}no ephemeral port was free towards the destination
      ("Cannot assign requested address"){{ else }}no port of the ephemeral range was free
      ("Address already in use"){{ end }}.%s%s
    ||| % [where, times('$value', 'time', 'times'), config.events.window, failingDestination, failingProcess],
    // The static os label tells them from the Windows rules of the same
    // name and severity (promtool's duplicate-rule lint) and says the
    // platform, as the utilization alerts' os label does.
    local linuxFailures(severity, expr) =
      alert('PortwatchPortAllocationFailures', severity, expr, null,
            'Linux could not allocate an ephemeral port: connect()/bind() calls are failing.',
            failureDescription, { keep_firing_for: config.events.keepFiringFor })
      + { labels+: { os: 'linux' } },

    groups+: [
      {
        name: 'portwatch.alerts',
        rules: [
          alert('PortwatchEphemeralPortsRunningLow', 'warning',
                peak + atLeast('running_low_warning'),
                config.forDurations.runningLowWarning, runningLowSummary, utilization),
          alert('PortwatchEphemeralPortsRunningLow', 'critical',
                connectScopes(peak) + atLeast('running_low_critical'),
                config.forDurations.runningLowCritical, runningLowSummary, utilization),
          alert('PortwatchEphemeralPortsExhausted', 'critical',
                connectScopes(peak) + atLeast('exhausted'),
                config.forDurations.exhausted, exhaustedSummary, utilization),
          alert('PortwatchEphemeralPortsExhausted', 'warning',
                bindScope(peak) + atLeast('exhausted'),
                config.forDurations.exhausted, exhaustedSummary, utilization),
          alert('PortwatchEphemeralPortsExhaustionForecast', 'critical',
                connectScopes('portwatch:ephemeral_port_utilization:seconds_to_exhaustion_fast')
                + ' <= on () group_left () portwatch:threshold:forecast_fast_horizon_seconds',
                config.forDurations.forecastFast, forecastSummary,
                forecastDescription(config.forecast.fast.window)),
          alert('PortwatchEphemeralPortsExhaustionForecast', 'warning',
                bindScope('portwatch:ephemeral_port_utilization:seconds_to_exhaustion_fast')
                + ' <= on () group_left () portwatch:threshold:forecast_fast_horizon_seconds',
                config.forDurations.forecastFast, forecastSummary,
                forecastDescription(config.forecast.fast.window)),
          alert('PortwatchEphemeralPortsSlowLeak', 'warning',
                'portwatch:ephemeral_port_utilization:seconds_to_exhaustion_slow'
                + ' <= on () group_left () portwatch:threshold:forecast_slow_horizon_seconds',
                config.forDurations.forecastSlow,
                'Ephemeral port use keeps growing slowly and will run out in days.',
                forecastDescription(config.forecast.slow.window)),
          // Namespaces are Linux: host scope only breaks bind(0) there, so
          // only destination scope pages.
          alert('PortwatchNamespaceEphemeralPortsRunningLow', 'warning',
                nsPeak + atLeast('running_low_warning'),
                config.forDurations.runningLowWarning,
                'Ephemeral ports are running low in a network namespace (pod or container).',
                nsUtilization),
          alert('PortwatchNamespaceEphemeralPortsRunningLow', 'critical',
                nsPeak + '{scope="destination"}' + atLeast('running_low_critical'),
                config.forDurations.runningLowCritical,
                'Ephemeral ports are running low in a network namespace (pod or container).',
                nsUtilization),
        ] + eventAlert('PortwatchPortAllocationFailures', ['4231', '4266'],
                       'Windows could not allocate an ephemeral port: connections are failing.')
        + [
          // Linux: the same shape as the Windows event alerts.
          linuxFailures('critical', failures + atLeast('sustained_events')),
          linuxFailures('warning', failures + ' >= 1'),
        ]
        + eventAlert('PortwatchTimeWaitCollisions', ['4227'],
                     'Connections failed on a local port still in TIME_WAIT (Tcpip Event 4227).')
        + [
          alert('PortwatchTimeWaitConcentration', 'warning',
                'portwatch:time_wait_endpoint_share:peak_ratio' + atLeast('time_wait_concentration'),
                config.forDurations.timeWaitConcentration,
                'One remote endpoint holds much of the ephemeral port range in TIME_WAIT.',
                |||
                  %s: TIME_WAIT sockets towards {{ $labels.remote_address }}:{{ $labels.remote_port }}
                  held {{ $value | humanizePercentage }} of the usable {{ $labels.family }}
                  ephemeral ports at the peak of the last %s. This client opens and
                  closes connections to one endpoint faster than TIME_WAIT releases them.
                ||| % [where, config.peakWindow]),
          alert('PortwatchCloseWaitLeak', 'warning',
                |||
                  portwatch:close_wait_ephemeral_sockets:ratio%s
                    and
                  portwatch:close_wait_ephemeral_sockets:min_recent
                    > portwatch:close_wait_ephemeral_sockets:max_earlier
                ||| % atLeast('close_wait_leak'),
                config.forDurations.closeWaitLeak,
                'Sockets pile up in CLOSE_WAIT: an application does not close its connections.',
                |||
                  %s: CLOSE_WAIT sockets hold {{ $value | humanizePercentage }} of the
                  usable {{ $labels.family }} ephemeral ports and only grew: their lowest
                  count in the last %s is above their highest %s earlier. The peer closed
                  these connections and the local application never did.
                ||| % [where, config.closeWaitLeak.recent, config.closeWaitLeak.ago]),
          alert('PortwatchEphemeralRangeShrank', 'warning',
                'portwatch:ephemeral_ports:max_recent - portwatch:ephemeral_ports >= 1',
                null,
                'The usable ephemeral port range shrank.',
                |||
                  %s: {{ $labels.family }} has {{ printf "%%.0f" $value }} fewer usable ephemeral
                  ports than it had within the last %s: the dynamic range was narrowed,
                  or more ports were reserved or excluded (Windows excluded port ranges,
                  Hyper-V, WinNAT, Docker). Utilization alerts now trigger at fewer sockets.
                ||| % [where, config.rangeShrinkWindow]),
          alert('PortwatchUtilizationMissing', 'warning',
                'portwatch:up == 1 unless on (%s) %s' % [promql.labelList(promql.targetLabels(config)), peak],
                config.forDurations.utilizationMissing,
                'portwatch is up but publishes no port utilization: starvation would go unnoticed.',
                |||
                  %s is scraped, but has no portwatch_ephemeral_port_utilization_ratio
                  (or no portwatch_exporter_build_info) for %s: the tcp or portrange collector
                  is disabled or failing, or the port range cannot be read.
                ||| % [where, config.forDurations.utilizationMissing]),
          alert('PortwatchCollectorFailing', 'warning',
                'portwatch:scrape_collector_success == 0',
                config.forDurations.collectorFailing,
                'A portwatch collector keeps failing; its metrics are missing.',
                |||
                  Collector {{ $labels.collector }} on %s has failed every scrape
                  for %s; the exporter log says why.
                ||| % [where, config.forDurations.collectorFailing]),
          alert('PortwatchWebConfigReloadFailing', 'warning',
                'portwatch:web_config_last_reload_successful == 0',
                config.forDurations.webConfigReloadFailing,
                "portwatch's web config on disk is broken; the previous one is still in use.",
                |||
                  %s has not been able to use its --web.config.file (or a certificate,
                  key or CA file it names) for %s. It keeps serving with the last good
                  version, but will not start again until the files are fixed.
                ||| % [where, config.forDurations.webConfigReloadFailing]),
          alert('PortwatchExporterDown', 'warning',
                'portwatch:up == 0 or absent(portwatch:up)',
                config.forDurations.exporterDown,
                'portwatch cannot be scraped; port exhaustion would go unnoticed.',
                |||
                  Prometheus has not scraped portwatch on
                  {{ with $labels.instance }}{{ . }}{{ else }}any target of %s{{ end }}
                  for %s.
                ||| % [config.selector, config.forDurations.exporterDown]),
        ],
      },
    ],
  },
}
