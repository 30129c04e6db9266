// Row 6, "Sockets": TCP sockets per state, and the CLOSE_WAIT leak.
function(config, p) {
  local t = config.thresholds,
  local k = config.dashboard.topK,
  // A state that stays 0 adds nothing to a stack: only non-zero ones.
  local perState(metric) = 'sum by (state) (%s) > 0' % p.m(metric),
  local stateColours = [
    { matcher: { id: 'byName', options: s[0] }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: s[1] } }] }
    for s in [['time_wait', 'blue'], ['established', 'green'], ['close_wait', 'red'], ['syn_sent', 'orange']]
  ],

  local all = p.timeseries(
    'All TCP sockets by state',
    |||
      Every TCP socket of the selected hosts (summed; pick one instance to see one
      host), stacked by state, non-zero states only. Many time_wait sockets mean many
      short connections (either side); many close_wait mean an application does not
      close connections its peer already closed; many syn_recv a flood or a slow
      accept(). Server-side sockets (local service ports) are included here; the
      panel on the right shows only those that take ephemeral ports.
    |||,
    [p.series(perState('portwatch_tcp_sockets'), '{{state}}')],
    12, 8, stack=true, overrides=stateColours,
  ),

  local ephemeral = p.timeseries(
    'Sockets on ephemeral ports by state',
    |||
      Sockets whose local port is a usable ephemeral port, stacked by state (summed
      over the selected hosts): these use up the range. **time_wait** (blue) is the
      usual cause of exhaustion: reuse connections (pooling, keep-alive) instead of
      one per request. **close_wait** (red) that only grows is a leak
      (PortwatchCloseWaitLeak): the peer closed and the local application never calls
      close(); find it with `ss -tnp state close-wait` and fix or restart it.
    |||,
    [p.series(perState('portwatch_tcp_ephemeral_sockets'), '{{state}}')],
    12, 8, stack=true, overrides=stateColours, runbooks=['PortwatchCloseWaitLeak'],
  ),

  local closeWait = p.timeseries(
    'CLOSE_WAIT share of the usable range (top %d)' % k,
    |||
      CLOSE_WAIT sockets on ephemeral ports over the usable range, per host and
      family, for the %(k)d series highest in the selected range (recorded series
      portwatch:close_wait_ephemeral_sockets:ratio, what PortwatchCloseWaitLeak
      reads). Above the dashed %(c)g%% line, and still growing after hours, it is a
      leak: the application never closes connections the peer closed. It does not
      heal by itself: fix or restart the application (`ss -tnp state close-wait`
      names the process).
    ||| % { k: k, c: 100 * t.closeWaitLeak },
    [p.series(p.keepTop(p.m('portwatch:close_wait_ephemeral_sockets:ratio'), p.labels(['family', 'state'])),
              '{{instance}} {{family}}')],
    24, 7, 'percentunit',
    [p.line('close_wait_leak', 'leak (%g%%)' % (100 * t.closeWaitLeak), 'red')],
    runbooks=['PortwatchCloseWaitLeak'],
  ),

  title: 'Sockets',
  lines: [[all, ephemeral], [closeWait]],
}
