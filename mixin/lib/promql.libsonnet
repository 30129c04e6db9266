// Small helpers shared by the rules, alerts and dashboard.
{
  // Seconds in a Prometheus duration such as '90s', '15m', '2d', '1h30m'.
  seconds(duration)::
    local units = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
    local step(state, c) =
      if std.member('0123456789', c) then state { digits+: c }
      else state { total+: std.parseInt(state.digits) * units[c], digits: '' };
    local parsed = std.foldl(step, std.stringChars(duration), { total: 0, digits: '' });
    assert parsed.digits == '' : 'duration needs a unit: ' + duration;
    parsed.total,

  // The labels that identify one exporter: joins match on them.
  targetLabels(config):: [config.clusterLabel, 'job', 'instance'],

  // 'a, b, c' for on (...) and by (...).
  labelList(labels):: std.join(', ', labels),

  // The selector with extra matchers: {job="portwatch", state="x"}.
  select(config, extra=''):: '{%s%s}' % [config.selector, if extra == '' then '' else ', ' + extra],

  // What each series of a per-key counter gained in the last `window`, for
  // counters whose series are born with their first count (the
  // connect_failures breakdowns publish a destination, process or
  // namespace only once it has failed): increase() where the series
  // existed `window` ago (and only where it grew), the whole value where it
  // did not (increase() would miss the count it was born with, so a first
  // failure would never show). `series` is a selector, used four times.
  increaseSinceBirth(series, window)::
    '(increase(%(s)s[%(w)s]) > 0 and %(s)s offset %(w)s or (%(s)s unless %(s)s offset %(w)s))'
    % { s: series, w: window },
}
