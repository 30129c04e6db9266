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
      risks scrape timeouts: check that the netlink source is in use ("Socket table
      source": procfs is much slower) and raise the scrape timeout if needed.
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

  local cpu = p.timeseries(
    'Exporter CPU (busiest %d)' % k,
    |||
      CPU the exporter itself uses, in cores (rate of process_cpu_seconds_total), for
      the %(k)d busiest in the range. Each scrape costs about one dump of the socket
      table (around 0.5 s of CPU per million sockets with netlink) plus a few
      milliseconds per network namespace with collector netns. A host far above its
      peers reads procfs ("Socket table source"), holds an unusual socket table, or is
      scraped by more Prometheus servers than intended.
    ||| % { k: k },
    [p.series(p.keepRanked(
      'rate(%s[$__rate_interval])' % p.m('process_cpu_seconds_total'), p.labels(),
      'topk(%d, increase(%s[$__range] @ end()))' % [k, p.m('process_cpu_seconds_total')]
    ), '{{instance}}')],
    6, 7, 'percentunit',
  ),

  local memory = p.timeseries(
    'Exporter memory (largest %d)' % k,
    |||
      Resident memory of the exporter (process_resident_memory_bytes), for the %(k)d
      largest in the range. It stays flat whatever the number of sockets (the
      per-scrape tables are bounded by --collector.tcp.max-tracked-keys): steady growth
      over days is a leak worth reporting, with the version from "Exporter versions".
    ||| % { k: k },
    [p.series(p.keepTop(p.m('process_resident_memory_bytes'), p.labels()), '{{instance}}')],
    6, 7, 'bytes',
  ),

  local descriptors = p.timeseries(
    'Exporter descriptors used (highest %d)' % k,
    |||
      Open file descriptors (Windows: handles) over the exporter's limit
      (process_open_fds / process_max_fds), for the %(k)d highest in the range. Each
      client connection holds one; near 1 new scrapes are refused. Many idle or
      hostile connections raise it: lower --web.max-connections or put the exporter
      behind a firewall. Absent under wine, which reports no handle count.
    ||| % { k: k },
    [p.series(p.keepRanked(
      '%s\n  / %s' % [p.m('process_open_fds'), p.m('process_max_fds')], p.labels(),
      'topk(%d, max_over_time(%s[$__range] @ end()) / %s @ end())'
      % [k, p.m('process_open_fds'), p.m('process_max_fds')]
    ), '{{instance}}')],
    6, 7, 'percentunit', max=1,
  ),

  local source = p.table(
    'Socket table source',
    |||
      How each exporter read the socket table at its last scrape
      (portwatch_tcp_socket_source_info): netlink (Linux default), iphlpapi
      (Windows), or procfs: set by --collector.tcp.source=procfs, or netlink was
      unavailable (no sock_diag module, AF_NETLINK refused or not permitted) and the
      exporter switched to /proc until restarted, which is slower and misses
      bound-only sockets. The exporter log says why, once.
    |||,
    [p.instant(p.m('portwatch_tcp_socket_source_info'))],
    6, 7,
    order=['instance', 'source'],
    hide=['Value'],
    sortBy='source', desc=true,
  ),

  title: 'Exporter health',
  lines: [[up, success, duration, versions], [cpu, memory, descriptors, source]],
}
