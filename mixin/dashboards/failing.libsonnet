// Row 1, "Failing now": is it failing, where, and how soon.
local promql = import '../lib/promql.libsonnet';

function(config, p) {
  local t = config.thresholds,
  local k = config.dashboard.topK,
  local window = config.events.window,
  local peak = p.m('portwatch:ephemeral_port_utilization:peak_ratio'),

  local alerts = p.table(
    'Firing portwatch alerts',
    |||
      Every portwatch alert firing now for the selected job and instances, one row
      per alert and affected family, scope, destination, network namespace (pod) or
      collector. **Click the alert name for its runbook.** Critical: connections fail
      now or will within the forecast horizon, act now; warning: act today. Empty
      means nothing is firing: if you were paged anyway, widen the instance selection
      (an alert without an instance label, such as PortwatchExporterDown for a whole
      job, is not listed here) and check the panels below.
    |||,
    [p.instant('ALERTS{alertname=~"Portwatch.*", alertstate="firing", %s}' % p.selector)],
    12, 8,
    order=['alertname', 'severity', 'instance', 'family', 'scope', 'netns_name', 'netns', 'pod_uid',
           'remote_address', 'remote_port', 'event_id', 'collector', 'os', config.clusterLabel],
    hide=['alertstate', 'Value'],
    sortBy='severity', desc=false,
    columns=[
      p.column('alertname', 'alert', links=[{
        title: 'Runbook for ${__value.raw}',
        url: p.runbookURL('${__value.raw}'),
        targetBlank: true,
      }]),
      p.column('severity', cell=p.backgroundCell,
               mappings=p.valueMap([['critical', 'critical', 'red'], ['warning', 'warning', 'orange']])),
    ],
  ),

  local events = p.table(
    'Windows: Tcpip failure events, last %s' % window,
    |||
      Windows only: Tcpip events logged in the System log in the last %(w)s, per
      host (counts, not rates). **4231/4266: no ephemeral port could be allocated**:
      connections are failing now (PortwatchPortAllocationFailures); find the process
      holding the ports (`netstat -ano`, sort by PID) and restart or fix it, or widen
      the dynamic range. **4227**: a connection reused a local port still in
      TIME_WAIT towards the same endpoint (PortwatchTimeWaitCollisions): the client
      opens and closes connections to one service too fast, enable keep-alive or
      pooling. Orange from 1 event, red from %(s)d (the critical alerts). Zeros mean
      the Windows hosts are watched and had no failure; empty on Linux hosts, which
      log no such events (see the Linux panel on the right).
    ||| % { w: window, s: t.sustainedEvents },
    [p.instant('sum by (%s, instance, event_id) (increase(%s[%s]))'
               % [config.clusterLabel, p.m('portwatch_tcpip_events_total'), window])],
    6, 8,
    order=['instance', 'event_id', 'Value'],
    sortBy='events', runbooks=['PortwatchPortAllocationFailures', 'PortwatchTimeWaitCollisions'],
    columns=[
      p.column('event_id', 'event', mappings=p.valueMap([
        ['4227', '4227 TIME_WAIT collision', 'orange'],
        ['4231', '4231 no TCP port', 'red'],
        ['4266', '4266 no UDP port', 'red'],
      ])),
      p.column('Value', 'events', decimals=0, cell=p.backgroundCell,
               thresholds=p.steps('green', [['orange', 1], ['red', t.sustainedEvents]])),
    ],
  ),

  // Linux failures (collector connect_failures, eBPF, off by default):
  // the counterpart of the Windows events, counted the same way.
  local failureSteps = p.steps('green', [['orange', 1], ['red', t.sustainedEvents]]),
  local linuxFailures = p.table(
    'Linux: port allocation failures, last %s' % window,
    |||
      Linux only (collector connect_failures, eBPF, off by default): connect() and
      bind() calls that found no free ephemeral port in the last %(w)s, per host,
      family and operation (counts, not rates), counted in the kernel as they fail.
      **connect EADDRNOTAVAIL** ("Cannot assign requested address"): no local port
      was free towards the destination; find it and its process in the panels below
      and make that client reuse connections (pooling, keep-alive) or spread it over
      more source or destination addresses. **bind EADDRINUSE**: bind() to port 0
      found no free port in the range; widen net.ipv4.ip_local_port_range, or make
      bind-before-connect clients set IP_BIND_ADDRESS_NO_PORT. Orange from 1
      failure, red from %(s)d (PortwatchPortAllocationFailures warns, then pages).
      Zeros mean the host is watched and nothing failed; a Linux host missing here
      does not run the collector (the exhausted-threshold panel below is then the
      only evidence).
    ||| % { w: window, s: t.sustainedEvents },
    [p.instant('sum by (%s, instance, family, operation) (increase(%s[%s]))'
               % [config.clusterLabel, p.m('portwatch_port_allocation_failures_total'), window])],
    6, 8,
    order=['instance', 'family', 'operation', 'Value'],
    sortBy='failures', runbooks=['PortwatchPortAllocationFailures'],
    columns=[
      p.column('operation', 'call', mappings=p.valueMap([
        ['connect', 'connect() EADDRNOTAVAIL', 'red'],
        ['bind', 'bind(0) EADDRINUSE', 'red'],
      ])),
      p.column('Value', 'failures', decimals=0, cell=p.backgroundCell, thresholds=failureSteps),
    ],
  ),

  // Who failed: the breakdowns' top-K keys, without their `other` series.
  // A key is published once it failed, so it counts from its first
  // failure (promql.increaseSinceBirth, as the alert's description does).
  local failed(metric, matcher) =
    'topk(%d, %s)' % [k, promql.increaseSinceBirth(p.m(metric, matcher), window)],
  local failingDestinations = p.table(
    'Linux: destinations failing most, last %s (top %d)' % [window, k],
    |||
      Linux only (collector connect_failures): the %(k)d destinations whose connect()
      failed most in the last %(w)s because no local port was free towards them
      (EADDRNOTAVAIL), over the selected hosts; **netns** is the network namespace
      inode the connect() ran in (each has its own ports: the same value in
      *Namespaces and processes* names the pod). A destination has the whole range
      to itself on Linux, so the top row is what to fix: find who talks to it (`ss
      -tnp dst <address>:<port>`, `ss -tan state time-wait dst <address>:<port>`;
      in a pod through nsenter), make it reuse connections, or add destination
      addresses or ports, or source addresses. Orange from 1 failure, red from %(s)d.
      The exporter publishes its top --collector.connect_failures.top-destinations
      destinations; failures of the others (its `other` series) are not listed.
      Empty: nothing failed, or the collector is off.
    ||| % { k: k, w: window, s: t.sustainedEvents },
    [p.instant(failed('portwatch_port_allocation_failures_by_destination_total',
                      'remote_address!="other"'))],
    8, 8,
    order=['instance', 'remote_address', 'remote_port', 'family', 'netns', 'Value'],
    sortBy='failures', runbooks=['PortwatchPortAllocationFailures'],
    columns=[
      p.column('remote_address', 'destination'),
      p.column('remote_port', 'port'),
      p.column('Value', 'failures', decimals=0, cell=p.backgroundCell, thresholds=failureSteps),
    ],
  ),
  local failingProcesses = p.table(
    'Linux: processes failing most, last %s (top %d)' % [window, k],
    |||
      Linux only (collector connect_failures): the %(k)d processes whose connect() or
      bind() failed most in the last %(w)s for want of a free ephemeral port, over
      the selected hosts, by process name (comm; with a **pid** when the exporter
      runs with --collector.connect_failures.pid) and network namespace inode
      (**netns**: the same value in *Namespaces and processes* names the pod). This
      is the client whose requests fail: check its logs for "Cannot assign requested
      address" or "Address already in use", make it reuse connections (one pooled,
      keep-alive client), and restart or throttle it to stop the bleeding. Orange
      from 1 failure, red from %(s)d. Failures of processes beyond the exporter's
      top --collector.connect_failures.top-processes (its `other` series) are not
      listed. Empty: nothing failed, or the collector is off.
    ||| % { k: k, w: window, s: t.sustainedEvents },
    [p.instant(failed('portwatch_port_allocation_failures_by_process_total', 'process!="other"'))],
    8, 8,
    order=['instance', 'process', 'pid', 'netns', 'Value'],
    sortBy='failures', runbooks=['PortwatchPortAllocationFailures'],
    columns=[
      p.column('Value', 'failures', decimals=0, cell=p.backgroundCell, thresholds=failureSteps),
    ],
  ),

  // The peak at the exhausted threshold: the evidence of failures on hosts
  // without collector connect_failures.
  local linux = p.table(
    'Linux: at the exhausted threshold in the last %s' % window,
    |||
      Linux (and hosts without an os label): families and scopes whose peak
      utilization reached the exhausted threshold (%(e)g%%) at some point in the last
      %(w)s. On hosts without collector connect_failures (off by default) this is the
      evidence that connections failed: **destination** scope: connect() to that
      destination returned EADDRNOTAVAIL ("Cannot assign requested address"), find it
      in *Destinations* below and spread the load (more source addresses, connection
      pooling); **host** scope (family=all): bind() to port 0 failed, free ports or
      widen net.ipv4.ip_local_port_range. With the collector, the failures table
      above counts the calls that failed. Empty: no Linux scope came that close.
    ||| % { e: 100 * t.exhausted, w: window },
    [p.instant(|||
      max_over_time(%s[%s])
        >= on () group_left ()
      %s
    ||| % [p.m('portwatch:ephemeral_port_utilization:peak_ratio', 'os!="windows"'), window,
           p.thresholdSeries('exhausted')])],
    8, 8,
    order=['instance', 'family', 'scope', 'Value'],
    hide=['os'],
    sortBy='highest peak',
    runbooks=['PortwatchEphemeralPortsExhausted'],
    columns=[
      p.column('Value', 'highest peak', unit='percentunit', decimals=1,
               cell=p.backgroundCell, thresholds=p.utilizationSteps),
    ],
  ),

  local worst = p.table(
    'Worst utilization now (top %d)' % k,
    |||
      The %(k)d instance/family/scope combinations with the highest peak
      utilization over the last %(pw)s (what the alerts read): the share of the
      usable ephemeral ports in use. **host** scope counts distinct local ports
      (on Linux once for IPv4 and IPv6 together, family=all); **destination** scope
      is the busiest local address to remote address:port, which runs out on its own
      even when the host has ports left. Orange from %(w)g%%, red from %(c)g%%, dark red
      from %(e)g%% (the alert thresholds). A destination at the top: see *Destinations*
      below; a host: see *TIME_WAIT endpoints* and *Sockets on ephemeral ports*. A host
      missing here publishes no utilization (PortwatchUtilizationMissing). Pods and
      containers have ranges of their own: see *Namespaces and processes*.
    ||| % {
      k: k,
      pw: config.peakWindow,
      w: 100 * t.runningLowWarning,
      c: 100 * t.runningLowCritical,
      e: 100 * t.exhausted,
    },
    [p.instant('topk(%d, %s)' % [k, peak])],
    12, 8,
    order=['instance', 'family', 'scope', 'os', config.clusterLabel, 'Value'],
    sortBy='peak utilization',
    runbooks=['PortwatchEphemeralPortsRunningLow', 'PortwatchEphemeralPortsExhausted',
              'PortwatchUtilizationMissing'],
    columns=[
      p.column('Value', 'peak utilization', unit='percentunit', decimals=1, min=0, max=1,
               cell=p.gaugeCell, thresholds=p.utilizationSteps),
    ],
  ),

  local forecast(tier, title, alert, what) = p.stat(
    title,
    |||
      %(what)s Seconds until the peak utilization reaches 100%% at the linear trend
      of the last %(window)s, for the %(k)d soonest instance/family/scope. Only
      shown while the peak still rose over the last %(rising)s and is at least
      %(min)g%% (the alert's own guards), so **"not rising" is the good state**. Red
      within %(fast)s (PortwatchEphemeralPortsExhaustionForecast fires), orange within
      %(slow)s. Act before it reaches zero: find the growing destination or state
      below and stop the leak, add pooling/keep-alive, or widen the range.
    ||| % {
      what: what,
      window: config.forecast[tier].window,
      rising: config.forecast[tier].rising,
      k: k,
      min: 100 * (if tier == 'fast' then t.forecastMinimum else t.slowLeakMinimum),
      fast: config.forecast.fast.horizon,
      slow: config.forecast.slow.horizon,
    },
    [p.instant('bottomk(%d, %s)' % [k, p.m('portwatch:ephemeral_port_utilization:seconds_to_exhaustion_' + tier)],
               '{{instance}} {{family}} {{scope}}', 'time_series')],
    6, 8, 's', p.forecastSteps, 'not rising: no forecast', runbooks=[alert],
  ),

  title: 'Failing now',
  lines: [
    [alerts, events, linuxFailures],
    [failingDestinations, failingProcesses, linux],
    [
      worst,
      forecast('fast', 'Time to exhaustion (fast trend, %s)' % config.forecast.fast.window,
               'PortwatchEphemeralPortsExhaustionForecast',
               'A fast climb: the page-worthy forecast.'),
      forecast('slow', 'Time to exhaustion (slow leak, %s)' % config.forecast.slow.window,
               'PortwatchEphemeralPortsSlowLeak',
               'A slow leak (e.g. connections never closed): a ticket, not a page.'),
    ],
  ],
}
