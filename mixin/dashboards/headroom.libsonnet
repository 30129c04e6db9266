// Row 2, "Headroom & forecast": how utilization got here and where it goes.
function(config, p) {
  local t = config.thresholds,
  local k = config.dashboard.topK,
  local peakLabels = p.labels(['family', 'scope', 'os']),
  local peak = p.m('portwatch:ephemeral_port_utilization:peak_ratio'),
  local toExhaustion(tier) = p.m('portwatch:ephemeral_port_utilization:seconds_to_exhaustion_' + tier),
  local inUse = p.m('portwatch_ephemeral_ports_in_use'),
  local events = 'sum by (%s, instance, event_id) (increase(%s[%s])) > 0'
                 % [config.clusterLabel, p.m('portwatch_tcpip_events_total'), config.events.window],

  local utilization = p.timeseries(
    'Peak utilization (top %d over the range)' % k,
    |||
      Peak share of the usable ephemeral ports in use (highest value over the
      trailing %(pw)s, what the alerts read), for the %(k)d instance/family/scope
      series that peaked highest anywhere in the selected time range. Dashed lines:
      the alert thresholds (recorded series portwatch:threshold:*). A steady climb
      is a leak or a growing client: compare with deploys and check the forecast on
      the right; a sawtooth touching the red line means bursts already come close to
      exhaustion (check *TIME_WAIT endpoints*). Scope destination: one local address
      to one remote address:port; host: distinct local ports (Linux: family=all).
    ||| % { pw: config.peakWindow, k: k },
    [p.series(p.keepTop(peak, peakLabels), '{{instance}} {{family}} {{scope}}')],
    12, 9, 'percentunit', p.utilizationLines, max=1,
    runbooks=['PortwatchEphemeralPortsRunningLow', 'PortwatchEphemeralPortsExhausted'],
  ),

  local forecast = p.timeseries(
    'Time to exhaustion over time (soonest %d)' % k,
    |||
      Seconds until the peak utilization reaches 100%% at the trend of the last
      %(fw)s (fast) and %(sw)s (slow), for the %(k)d series that came closest in the
      selected range; log scale. A series only exists while its peak rises and is at
      least %(fm)g%% (fast) or %(sm)g%% (slow) used, so gaps are normal. Below the dashed
      %(fh)s line the fast forecast pages (PortwatchEphemeralPortsExhaustionForecast);
      below %(sh)s the slow one opens a ticket (PortwatchEphemeralPortsSlowLeak). A
      line heading down is a trend getting steeper: find what grows in *Culprits* and
      *Sockets*.
    ||| % {
      fw: config.forecast.fast.window,
      sw: config.forecast.slow.window,
      k: k,
      fm: 100 * t.forecastMinimum,
      sm: 100 * t.slowLeakMinimum,
      fh: config.forecast.fast.horizon,
      sh: config.forecast.slow.horizon,
    },
    [
      p.series(p.keepTop(toExhaustion('fast'), peakLabels, 'min', 'bottomk'),
               'fast {{instance}} {{family}} {{scope}}'),
      p.series(p.keepTop(toExhaustion('slow'), peakLabels, 'min', 'bottomk'),
               'slow {{instance}} {{family}} {{scope}}'),
    ],
    12, 9, 's',
    [
      p.line('forecast_fast_horizon_seconds', 'fast horizon (%s)' % config.forecast.fast.horizon, 'red'),
      p.line('forecast_slow_horizon_seconds', 'slow horizon (%s)' % config.forecast.slow.horizon, 'orange'),
    ],
    min=null, log=true,
    runbooks=['PortwatchEphemeralPortsExhaustionForecast', 'PortwatchEphemeralPortsSlowLeak'],
  ),

  local ports = p.timeseries(
    'Ephemeral ports in use vs usable (top %d)' % k,
    |||
      Distinct usable ephemeral local ports held by at least one socket (solid),
      against the usable range of the same hosts (dashed), for the %(k)d
      instance/family series with the most in use over the range. On Linux,
      family=all is what runs out (IPv4 and IPv6 share one port space). When solid
      meets dashed, new connections fail; the gap is your headroom in ports. A
      dashed line that steps down is a narrowed range or new reservations
      (PortwatchEphemeralRangeShrank): see *Fleet settings*.
    ||| % { k: k },
    [
      p.series(p.keepTop(inUse, p.labels(['family'])), 'in use {{instance}} {{family}}'),
      p.series(p.keepRanked(p.m('portwatch_ephemeral_ports'), p.labels(),
                            'topk(%d, max_over_time(%s[$__range] @ end()))' % [k, inUse]),
               'usable {{instance}} {{family}}'),
    ],
    12, 8, dashed=['B'], runbooks=['PortwatchEphemeralRangeShrank'],
  ),

  local windowsEvents = p.timeseries(
    'Windows: Tcpip failure events per %s' % config.events.window,
    |||
      Windows only: Tcpip events in the %(w)s before each point (the count the
      event alerts evaluate; counts, not rates), per host and event, only where
      there was at least one. 4231/4266 (no ephemeral port could be allocated) mean
      failed connections; 4227 a collision with a port still in TIME_WAIT. Above the
      dashed line (%(s)d) the event alerts are critical. Use it to see when failures
      started and whether they come in bursts (a periodic job) or continuously (a
      leak). Empty on Linux and when nothing failed.
    ||| % { w: config.events.window, s: t.sustainedEvents },
    [p.series(events, '{{instance}} event {{event_id}}')],
    12, 8, 'short',
    [p.line('sustained_events', 'critical (%d events)' % t.sustainedEvents, 'red')],
    runbooks=['PortwatchPortAllocationFailures', 'PortwatchTimeWaitCollisions'],
  ) + { fieldConfig+: { defaults+: { decimals: 0, custom+: { lineInterpolation: 'stepAfter' } } } },

  title: 'Headroom & forecast',
  lines: [
    [utilization, forecast],
    [ports, windowsEvents],
  ],
}
