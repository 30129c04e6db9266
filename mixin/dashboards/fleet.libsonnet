// Row 3, "Fleet settings": the dynamic port range and TCP settings of every
// selected host, side by side, with the outliers coloured.
function(config, p) {
  local limits = config.dashboard.outliers,
  local k = config.dashboard.topK,
  local byFamily = p.labels(['family']),
  local perFamily(metric) = 'max by (%s) (%s)' % [byFamily, p.m(metric)],
  // Windows settings have one value per host: repeated on each family's row.
  local perHost(metric) = |||
    %s * 0
      + on (%s) group_left ()
    %s
  ||| % [perFamily('portwatch_ephemeral_ports'), p.labels(), p.m(metric)],
  local usable = p.m('portwatch_ephemeral_ports'),

  local settings = p.table(
    'Dynamic port ranges and TCP settings',
    |||
      One row per host and address family, values at the end of the time range.
      **first/last port**: the dynamic range (Linux net.ipv4.ip_local_port_range,
      shared by IPv4 and IPv6; Windows `netsh int ipvX show dynamicport tcp`).
      **usable**: last - first + 1 - reserved, the denominator of every utilization
      ratio. **reserved**: Linux ip_local_reserved_ports (Windows: excluded port
      ranges, only with --collector.portrange.excluded-ranges=true).
      **TcpTimedWaitDelay/MaxUserPort**: Windows registry values, empty when not set
      (the OS default applies: 120 s TIME_WAIT) and on Linux. Red: usable below
      %(u)d, a range starting below %(f)d (it collides with service ports), a
      TIME_WAIT delay above %(d)d s (ports stay blocked longer after each connection).
      Fix outliers with the same setting as their peers (sysctl, `netsh int ipv4 set
      dynamicport tcp`, registry), then compare utilization.
    ||| % { u: limits.minUsablePorts, f: limits.minFirstPort, d: limits.maxTimeWaitDelaySeconds },
    [
      p.instant(perFamily('portwatch_ephemeral_port_range_first')),
      p.instant(perFamily('portwatch_ephemeral_port_range_last')),
      p.instant(perFamily('portwatch_ephemeral_ports')),
      p.instant(perFamily('portwatch_ephemeral_ports_reserved')),
      p.instant(perHost('portwatch_windows_tcp_timed_wait_delay_seconds')),
      p.instant(perHost('portwatch_windows_max_user_port')),
    ],
    16, 9,
    order=['instance', 'family', config.clusterLabel,
           'Value #A', 'Value #B', 'Value #C', 'Value #D', 'Value #E', 'Value #F'],
    sortBy='usable', desc=false,
    runbooks=['PortwatchEphemeralRangeShrank'],
    columns=[
      p.column('Value #A', 'first port', unit='none', decimals=0, cell=p.textCell,
               thresholds=p.steps('red', [['text', limits.minFirstPort]])),
      p.column('Value #B', 'last port', unit='none', decimals=0),
      p.column('Value #C', 'usable', unit='none', decimals=0, cell=p.textCell,
               thresholds=p.steps('red', [['text', limits.minUsablePorts]])),
      p.column('Value #D', 'reserved', unit='none', decimals=0),
      // Whole seconds: red from the first second above the limit.
      p.column('Value #E', 'TcpTimedWaitDelay', unit='s', decimals=0, cell=p.textCell,
               thresholds=p.steps('text', [['red', limits.maxTimeWaitDelaySeconds + 1]])),
      p.column('Value #F', 'MaxUserPort', unit='none', decimals=0),
    ],
  ),

  local smallest = p.timeseries(
    'Usable ports over time (smallest %d)' % k,
    |||
      Usable ephemeral ports of the %(k)d host/family ranges that were smallest in
      the selected time range. A step down is a narrowed range or new reservations
      or excluded ranges (Windows: Hyper-V, WinNAT, Docker), and makes every
      utilization alert trigger at fewer sockets (PortwatchEphemeralRangeShrank):
      find who changed it (config management, a new service) and restore the range.
    ||| % { k: k },
    [p.series(p.keepTop(usable, byFamily, 'min', 'bottomk'), '{{instance}} {{family}}')],
    8, 9, 'none', min=null,
    runbooks=['PortwatchEphemeralRangeShrank'],
  ),

  title: 'Fleet settings',
  lines: [[settings, smallest]],
}
