// Row 7, "Exporter health": can portwatch see what it should?
function(config, p) {
  local k = config.dashboard.topK,

  local up = p.timeseries(
    'Scrape up (lowest %d)' % k,
    |||
      1 while Prometheus scrapes portwatch, 0 while it cannot (the %(k)d targets
      with the lowest value in the selected range). 0 for %(d)s fires
      PortwatchExporterDown, and while it lasts nothing else on this dashboard is
      current: check the service (`systemctl status portwatch_exporter`, Windows
      `sc.exe query portwatch`), the firewall towards port 10058 and the scrape
      config.
    ||| % { k: k, d: config.forDurations.exporterDown },
    [p.series(p.keepTop(p.m('up'), p.labels(), 'min', 'bottomk'), '{{instance}}')],
    6, 7, 'none', max=1, runbooks=['PortwatchExporterDown'],
  ),

  local success = p.timeseries(
    'Collector success (lowest %d)' % k,
    |||
      1 when the collector succeeded in the scrape, 0 when it failed (the %(k)d
      host/collector pairs with the lowest value in the range). A failed collector
      publishes nothing, so its panels go empty rather than wrong. 0 for %(d)s fires
      PortwatchCollectorFailing: the exporter log says why (an unreadable /proc file,
      netlink not permitted, Event Log access on Windows). No utilization at all for
      a host that is up fires PortwatchUtilizationMissing.
    ||| % { k: k, d: config.forDurations.collectorFailing },
    [p.series(p.keepTop(p.m('portwatch_scrape_collector_success'), p.labels(['collector']), 'min', 'bottomk'),
              '{{instance}} {{collector}}')],
    6, 7, 'none', max=1, runbooks=['PortwatchCollectorFailing', 'PortwatchUtilizationMissing'],
  ),

  local duration = p.timeseries(
    'Collector duration (slowest %d)' % k,
    |||
      Time each collector takes per scrape, for the %(k)d slowest host/collector
      pairs in the range. Around a second or more on a host with very many sockets
      risks scrape timeouts: check that the netlink source is in use (the log warns
      once when it falls back to /proc, which is much slower) and raise the scrape
      timeout if needed.
    ||| % { k: k },
    [p.series(p.keepTop(p.m('portwatch_scrape_collector_duration_seconds'), p.labels(['collector'])),
              '{{instance}} {{collector}}')],
    6, 7, 's',
  ),

  local versions = p.table(
    'Exporter versions',
    |||
      Version, revision, platform and compiler of each selected exporter. Hosts
      on an old version may lack families the panels and alerts use (e.g. the os
      label or family="all" for Linux host scope): upgrade them before trusting an
      empty panel.
    |||,
    [p.instant(p.m('portwatch_exporter_build_info'))],
    6, 7,
    order=['instance', 'version', 'revision', 'os', 'compiler'],
    hide=['Value'],
    sortBy='version', desc=false,
  ),

  title: 'Exporter health',
  lines: [[up, success, duration, versions]],
}
