// Row 4, "Culprits": which destinations and remote endpoints use the ports,
// ranked by their share of the usable range (not raw counts: a range of
// 1000 ports and one of 28000 fill at very different counts).
function(config, p) {
  local t = config.thresholds,
  local k = config.dashboard.topK,
  local byFamily = p.labels(['family']),
  local usable = p.m('portwatch_ephemeral_ports'),
  // `metric` over the usable ports of its host and family, now and as
  // ranked over the whole range.
  local share(metric) = '%s\n  / on (%s) group_left ()\n%s' % [p.m(metric), byFamily, usable],
  local rankedShare(metric) =
    'topk(%d,\n  max_over_time(%s[$__range] @ end())\n    / on (%s) group_left ()\n  %s @ end()\n)'
    % [k, p.m(metric), byFamily, usable],
  local sockets(metric, labels) =
    'sum without () (%s)\n  and on (%s)\ntopk(%d, %s)' % [p.m(metric), labels, k, share(metric)],

  local destination = 'portwatch_tcp_destination_ephemeral_sockets',
  local destLabels = p.labels(['family', 'local_address', 'remote_address', 'remote_port']),
  local timeWait = 'portwatch_tcp_time_wait_sockets',
  local twLabels = p.labels(['family', 'remote_address', 'remote_port']),
  local twSteps = p.steps('green', [['orange', t.timeWaitConcentration]]),

  local destinationTable = p.table(
    'Destinations: share of the usable range (top %d)' % k,
    |||
      The %(k)d destinations (local address to remote address:port) holding the
      largest share of their host's usable ephemeral ports now, with the socket
      count. A destination runs out of ports on its own when its share reaches 100%%
      (Linux reuses a local port across destinations, so the host may still have
      ports left): connect() to it then fails with EADDRNOTAVAIL. Colours are the
      utilization alert thresholds. Fix the top one first: find the client
      (`ss -tnp dst REMOTE:PORT`), make it reuse connections (pooling, keep-alive),
      or give it more source addresses or destination addresses/ports. The list is
      the exporter's top --collector.tcp.top-destinations per host.
    ||| % { k: k },
    [
      p.instant('topk(%d, %s)' % [k, share(destination)]),
      p.instant(sockets(destination, destLabels)),
    ],
    12, 9,
    order=['instance', 'family', 'local_address', 'remote_address', 'remote_port', 'Value #A', 'Value #B'],
    sortBy='share of usable ports',
    runbooks=['PortwatchEphemeralPortsRunningLow', 'PortwatchEphemeralPortsExhausted'],
    columns=[
      p.column('Value #A', 'share of usable ports', unit='percentunit', decimals=1, min=0, max=1,
               cell=p.gaugeCell, thresholds=p.utilizationSteps),
      p.column('Value #B', 'sockets', unit='none', decimals=0),
    ],
  ),

  local destinationSeries = p.timeseries(
    'Destinations over time (top %d over the range)' % k,
    |||
      Share of the usable ephemeral ports held by each destination (local address
      to remote address:port), for the %(k)d destinations with the highest share
      anywhere in the selected range; dashed: the alert thresholds. A line that
      climbs or touches the red line is the destination that runs out first; note
      when it started (a deploy, a traffic change) and fix its client as in the
      table on the left.
    ||| % { k: k },
    [p.series(p.keepRanked(share(destination), destLabels, rankedShare(destination)),
              '{{local_address}} → {{remote_address}}:{{remote_port}} {{instance}}')],
    12, 9, 'percentunit', p.utilizationLines, max=1,
    runbooks=['PortwatchEphemeralPortsRunningLow', 'PortwatchEphemeralPortsExhausted'],
  ),

  local timeWaitTable = p.table(
    'TIME_WAIT endpoints: share of the usable range (top %d)' % k,
    |||
      The %(k)d remote endpoints whose client-side TIME_WAIT sockets (on local
      ephemeral ports; server-side TIME_WAIT holds no ephemeral port and is not
      counted) hold the largest share of their host's usable range now, with the
      socket count. Orange from %(c)g%% (PortwatchTimeWaitConcentration): this host
      opens and closes connections to that endpoint faster than TIME_WAIT (Linux 60 s,
      Windows TcpTimedWaitDelay) releases them. Make the client keep connections open
      (HTTP keep-alive, pooling) towards that endpoint; as a stopgap on Linux,
      net.ipv4.tcp_tw_reuse=1.
    ||| % { k: k, c: 100 * t.timeWaitConcentration },
    [
      p.instant('topk(%d, %s)' % [k, share(timeWait)]),
      p.instant(sockets(timeWait, twLabels)),
    ],
    12, 9,
    order=['instance', 'family', 'remote_address', 'remote_port', 'Value #A', 'Value #B'],
    sortBy='share of usable ports',
    runbooks=['PortwatchTimeWaitConcentration'],
    columns=[
      p.column('Value #A', 'share of usable ports', unit='percentunit', decimals=1, min=0, max=1,
               cell=p.gaugeCell, thresholds=twSteps),
      p.column('Value #B', 'TIME_WAIT sockets', unit='none', decimals=0),
    ],
  ),

  local timeWaitSeries = p.timeseries(
    'TIME_WAIT endpoints over time (top %d over the range)' % k,
    |||
      Share of the usable ephemeral ports held in TIME_WAIT towards each remote
      endpoint, for the %(k)d endpoints with the highest share anywhere in the
      selected range; dashed: the concentration threshold (%(c)g%%). A plateau is a
      steady connection rate (share = rate x TIME_WAIT duration / usable ports); a
      rising line is a client getting busier. Compare its start with deploys.
    ||| % { k: k, c: 100 * t.timeWaitConcentration },
    [p.series(p.keepRanked(share(timeWait), twLabels, rankedShare(timeWait)),
              '{{remote_address}}:{{remote_port}} {{instance}} {{family}}')],
    12, 9, 'percentunit',
    [p.line('time_wait_concentration', 'concentration (%g%%)' % (100 * t.timeWaitConcentration), 'orange')],
    max=1, runbooks=['PortwatchTimeWaitConcentration'],
  ),

  local perFamily(expr) = '%s by (%s) (%s)' % [expr[0], byFamily, p.m(expr[1])],
  local truncation = p.table(
    'Are the lists complete? Distinct vs exported',
    |||
      Per host and family: how many distinct destinations and TIME_WAIT remote
      endpoints exist, and how many the exporter publishes (its top-K flags). When
      distinct is larger than exported the tables above are truncated: the busiest
      ones are still listed (and the utilization ratio always counts every
      destination), but raise --collector.tcp.top-destinations or
      --collector.tcp.top-endpoints if you need the long tail.
    |||,
    [p.instant(perFamily(e)) for e in [
      ['max', 'portwatch_tcp_destinations'],
      ['count', destination],
      ['max', 'portwatch_tcp_time_wait_remote_endpoints'],
      ['count', timeWait],
    ]],
    12, 7,
    order=['instance', 'family', 'Value #A', 'Value #B', 'Value #C', 'Value #D'],
    columns=[
      p.column('Value #A', 'distinct destinations', unit='none', decimals=0),
      p.column('Value #B', 'destinations exported', unit='none', decimals=0),
      p.column('Value #C', 'distinct TIME_WAIT endpoints', unit='none', decimals=0),
      p.column('Value #D', 'TIME_WAIT endpoints exported', unit='none', decimals=0),
    ],
  ),

  local trackingError = p.timeseries(
    'Top-K tracking error (top %d)' % k,
    |||
      How many sockets the per-destination and per-endpoint counts (and the
      destination ratio) may over-state in a scrape. 0, the normal case, means they
      are exact. Above 0 the exporter saw more distinct keys than
      --collector.tcp.max-tracked-keys and approximated (never under-stating, so
      alerts err towards paging): raise that flag if memory allows.
    ||| % { k: k },
    [p.series(p.keepTop(p.m('portwatch_tcp_tracking_max_error_sockets'), p.labels(['table'])),
              '{{instance}} {{table}}')],
    12, 7, 'none',
  ),

  title: 'Culprits: destinations and endpoints',
  lines: [
    [destinationTable, destinationSeries],
    [timeWaitTable, timeWaitSeries],
    [truncation, trackingError],
  ],
}
