// Row 5, "Namespaces and processes": which pod, container or process holds
// the ports. Needs the exporter's collectors netns (Linux) and process
// (Linux, on by default on Windows); its panels are empty without them.
function(config, p) {
  local k = config.dashboard.topK,
  local peak = p.m('portwatch:netns_ephemeral_port_utilization:peak_ratio'),
  local nsLabels = p.labels(['netns', 'netns_name', 'pod_uid', 'container_id', 'family', 'scope', 'os']),
  local nsAlert = 'PortwatchNamespaceEphemeralPortsRunningLow',
  // kube-state-metrics' pods by UID, their namespace and name as pod_namespace
  // and pod_name: under a ServiceMonitor portwatch's own series carry
  // namespace and pod already, naming the exporter's pod, not this one.
  // With showMultiCluster, the dashboard's cluster's kube-state-metrics.
  local pods = |||
    label_join(label_join(label_join(
      max by (uid, namespace, pod) (kube_pod_info{%s}),
      "pod_uid", "", "uid"), "pod_namespace", "", "namespace"), "pod_name", "", "pod")
  ||| % p.inCluster('uid!=""'),
  // `expr` with its pod's namespace and name where kube-state-metrics knows
  // the pod UID, and as it is where not (no pod, or no kube-state-metrics).
  local withPod(expr) =
    local inner = '(\n  %s\n)' % std.strReplace(expr, '\n', '\n  ');
    '%s\n  * on (pod_uid) group_left (pod_namespace, pod_name)\n%s  or on (%s)\n%s'
    % [inner, pods, nsLabels, inner],
  local stateColours = [
    { matcher: { id: 'byName', options: s[0] }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: s[1] } }] }
    for s in [['time_wait', 'blue'], ['established', 'green'], ['close_wait', 'red'], ['syn_sent', 'orange'], ['syn_recv', 'purple']]
  ],

  local namespaces = p.table(
    'Busiest network namespaces now (top %d)' % k,
    |||
      The %(k)d network namespaces (pods, containers, `ip netns`) with the highest
      peak utilization over the last %(pw)s (what %(alert)s reads), per family and
      scope, without the exporter's own namespace (the rows above cover it). Pod
      namespace and name come from kube-state-metrics (`kube_pod_info`) by pod UID;
      empty when it is not scraped, the namespace is no pod (`ip netns`, Docker), or
      the pod is gone. Orange from %(w)g%%, red from %(c)g%% (the alert thresholds).
      **destination** scope at the top: connect() from that pod to its busiest
      destination fails at 100%% (EADDRNOTAVAIL); **host** scope only breaks bind(0).
      Look inside: `nsenter --net=/run/netns/<netns name> ss -tanp`, or a PID from
      `lsns -t net | grep <netns>` and `nsenter -t <PID> -n ss -tanp`; the processes
      table below names the process when its netns matches. Fix the pod's client
      (pooling, keep-alive) or widen the pod's range (`securityContext.sysctls`).
    ||| % {
      k: k,
      pw: config.peakWindow,
      alert: nsAlert,
      w: 100 * config.thresholds.runningLowWarning,
      c: 100 * config.thresholds.runningLowCritical,
    },
    [p.instant(withPod('topk(%d, %s)' % [k, peak]))],
    12, 9,
    order=['instance', 'pod_namespace', 'pod_name', 'netns_name', 'netns', 'family', 'scope', 'Value',
           'pod_uid', 'container_id', config.clusterLabel],
    // os is always linux here; namespace and pod, if any, are the exporter's
    // own scrape target labels.
    hide=['os', 'namespace', 'pod'],
    sortBy='peak utilization',
    runbooks=[nsAlert],
    columns=[
      p.column('Value', 'peak utilization', unit='percentunit', decimals=1, min=0, max=1,
               cell=p.gaugeCell, thresholds=p.utilizationSteps),
      p.column('pod_namespace', 'pod namespace'),
      p.column('pod_name', 'pod'),
      p.column('netns_name', 'netns name'),
      p.column('pod_uid', 'pod UID'),
      p.column('container_id', 'container'),
    ],
  ),

  local namespaceSeries = p.timeseries(
    'Namespaces over time (top %d over the range)' % k,
    |||
      Peak utilization of the %(k)d namespace/family/scope series that peaked highest
      anywhere in the selected range (the exporter's own namespace left out); dashed:
      the alert thresholds. A line that climbs towards the red line is the pod that
      runs out first: note when it started (a deploy, a traffic change, a new node)
      and compare with the pod's rollout history. A pod that only shows up for a
      while was created and deleted (its series end with its namespace). Pod
      namespace/name in the legend when kube-state-metrics is scraped.
    ||| % { k: k },
    [p.series(withPod(p.keepTop(peak, nsLabels)),
              '{{instance}} {{pod_namespace}} {{pod_name}} {{netns_name}} netns {{netns}} {{family}} {{scope}}')],
    12, 9, 'percentunit', p.utilizationLines, max=1,
    runbooks=[nsAlert],
  ),

  local processSockets = p.m('portwatch_process_ephemeral_sockets'),
  local processes = p.table(
    'Processes holding ephemeral ports now (top %d)' % k,
    |||
      The %(k)d processes (over the selected hosts) holding the most sockets on
      usable ephemeral ports now, one row per family and state they hold (collector
      process: its top --collector.process.top-processes per host). **netns** is the
      process's network namespace inode (Linux): the same value as in the namespaces
      table above tells which pod it runs in. **services** (Windows) names the
      services of a svchost.exe. Many established: a pool or fan-out that keeps
      growing; many close_wait: the process never closes connections its peer
      closed (PortwatchCloseWaitLeak), restart it and fix the close path; TIME_WAIT
      never appears here (see the panel on the right). Act on the top one: make it
      reuse connections, or restart or throttle it.
    ||| % { k: k },
    [p.instant('%s\n  and on (%s)\ntopk(%d, sum by (%s) (%s))'
               % [processSockets, p.labels(['pid']), k, p.labels(['pid']), processSockets])],
    12, 9,
    order=['instance', 'process', 'pid', 'services', 'netns', 'family', 'state', 'Value'],
    sortBy='sockets',
    runbooks=[nsAlert, 'PortwatchEphemeralPortsRunningLow', 'PortwatchCloseWaitLeak'],
    columns=[p.column('Value', 'sockets', unit='none', decimals=0)],
  ),

  local unowned = p.timeseries(
    'Sockets on ephemeral ports that no process holds, by state',
    |||
      Sockets on usable ephemeral ports that belong to no process (summed over the
      selected hosts), stacked by state, non-zero states only. **time_wait** (blue)
      dominates and is normal: the kernel keeps a TIME_WAIT socket after the process
      closed it, so it has no owner on Linux or Windows and never appears in the
      process table. To name its client, look at the remote endpoint in *TIME_WAIT
      endpoints* and find who has established connections to it (`ss -tnp dst
      <remote>`). Other states (syn_recv not yet accepted, orphaned fin_wait, sockets
      of processes the exporter could not read) should be small; if they grow, check
      `portwatch_process_scanned_processes{result="denied"}` (missing capabilities).
    |||,
    [p.series('sum by (state) (%s) > 0' % p.m('portwatch_process_unowned_ephemeral_sockets'), '{{state}}')],
    12, 9, stack=true, overrides=stateColours,
    runbooks=['PortwatchTimeWaitConcentration'],
  ),

  title: 'Namespaces and processes',
  lines: [
    [namespaces, namespaceSeries],
    [processes, unowned],
  ],
}
