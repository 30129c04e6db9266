// Panel helpers for the portwatch dashboard: plain Grafana dashboard JSON
// (schemaVersion 39, the model of @grafana/schema 11.5), no grafonnet.
// Call with the mixin's _config: (import 'panels.libsonnet')(config).
local promql = import '../lib/promql.libsonnet';

function(config) {
  local p = self,
  datasource:: { type: 'prometheus', uid: '${datasource}' },
  k:: config.dashboard.topK,

  // --- PromQL -----------------------------------------------------------
  // With showMultiCluster, every series a query reads is that of the
  // dashboard's cluster (clusterLabel="$cluster", one cluster at a time);
  // '' without it.
  cluster:: if config.showMultiCluster then '%s="$cluster"' % config.clusterLabel else '',
  // `matchers` (a selector's, without braces) with the cluster's first.
  inCluster(matchers):: if p.cluster == '' then matchers else p.cluster + ', ' + matchers,
  // Every query selects the dashboard's job and instances (and cluster).
  selector:: p.inCluster('job="$job", instance=~"$instance"'),
  // metric{job="$job", instance=~"$instance"[, extra]}
  m(name, extra=''):: '%s{%s%s}' % [name, p.selector, if extra == '' then '' else ', ' + extra],
  // The labels that identify one exporter, then more: 'cluster, job, ...'.
  labels(more=[]):: promql.labelList(promql.targetLabels(config) + more),
  // `series` limited to the k series that rank highest (topk) or lowest
  // (bottomk) by `fn`_over_time over the whole dashboard range: the ranking
  // is evaluated once, at the end of the range (`@ end()`), so the panel
  // shows the same k series at every step. `labels` must be all of the
  // series' labels.
  keepTop(series, labels, fn='max', rank='topk')::
    p.keepRanked(series, labels, '%s(%d, %s_over_time(%s[$__range] @ end()))'
                                 % [rank, p.k, fn, series]),
  // The same with a ranking of one's own (which must use `@ end()`).
  keepRanked(series, labels, ranking):: '%s\n  and on (%s)\n%s' % [series, labels, ranking],
  // The recorded threshold series `name`. It carries a cluster label only
  // where an external label adds it (a Prometheus per cluster behind
  // Thanos or Mimir: one series per cluster), not where one Prometheus
  // labels its targets: with showMultiCluster, the dashboard's cluster's
  // or the one without.
  thresholdSeries(name)::
    'portwatch:threshold:%s%s'
    % [name, if p.cluster == '' then '' else '{%s=~"$cluster|"}' % config.clusterLabel],
  // The recorded threshold `name`, while a selected target exists.
  threshold(name):: '%s and on () up{%s}' % [p.thresholdSeries(name), p.selector],

  // --- Thresholds and colours -------------------------------------------
  steps(base, pairs):: {
    mode: 'absolute',
    steps: [{ color: base, value: null }] + [{ color: s[0], value: s[1] } for s in pairs],
  },
  local t = config.thresholds,
  // Utilization: the running-low warning and critical, and exhausted.
  utilizationSteps:: p.steps('green', [
    ['orange', t.runningLowWarning],
    ['red', t.runningLowCritical],
    ['dark-red', t.exhausted],
  ]),
  // Seconds to exhaustion: red within the fast forecast's horizon,
  // orange within the slow one's.
  forecastSteps:: p.steps('red', [
    ['orange', promql.seconds(config.forecast.fast.horizon)],
    ['green', promql.seconds(config.forecast.slow.horizon)],
  ]),
  // Dashed reference lines for utilization panels, from the recorded
  // thresholds (the same series the alerts compare with).
  utilizationLines:: [
    p.line('running_low_warning', 'warning (%g%%)' % (100 * t.runningLowWarning), 'orange'),
    p.line('running_low_critical', 'critical (%g%%)' % (100 * t.runningLowCritical), 'red'),
    p.line('exhausted', 'exhausted (%g%%)' % (100 * t.exhausted), 'dark-red'),
  ],
  line(name, legend, color):: { expr: p.threshold(name), legend: 'threshold: ' + legend, color: color },

  // --- Links --------------------------------------------------------------
  runbookURL(alert):: config.runbookURLPattern % alert,
  runbook(alert):: {
    title: 'Runbook: ' + alert,
    url: p.runbookURL(alert),
    type: 'link',
    icon: 'doc',
    tooltip: 'What to do when ' + alert + ' fires',
    targetBlank: true,
    asDropdown: false,
    includeVars: false,
    keepTime: false,
    tags: [],
  },

  // --- Queries ------------------------------------------------------------
  // A range query drawn as time series.
  series(expr, legend):: { expr: expr, legend: legend, instant: false, format: 'time_series' },
  // An instant query at the end of the range, as a table (or as series
  // named by `legend`, for stat panels).
  instant(expr, legend='', format='table'):: { expr: expr, legend: legend, instant: true, format: format },
  local target(q, refId) = {
    datasource: p.datasource,
    editorMode: 'code',
    expr: q.expr,
    legendFormat: q.legend,
    instant: q.instant,
    range: !q.instant,
    format: q.format,
    refId: refId,
  },
  local refId(i) = std.char(std.codepoint('A') + i),

  // --- Panels -------------------------------------------------------------
  // w and h go to gridPos; the layout (dashboards.libsonnet) adds x, y, id.
  local base(type, title, description, queries, w, h, runbooks) = {
    type: type,
    title: title,
    // One paragraph (Grafana renders it as Markdown).
    description: std.strReplace(std.stripChars(description, '\n'), '\n', ' '),
    datasource: p.datasource,
    targets: [target(queries[i], refId(i)) for i in std.range(0, std.length(queries) - 1)],
    links: [p.runbook(a) for a in runbooks],
    gridPos: { w: w, h: h },
  },

  // Time series. `lines` are dashed reference lines (see `line`), drawn
  // after the queries; `dashed` lists refIds of queries also drawn dashed.
  timeseries(title, description, queries, w, h, unit='short', lines=[], runbooks=[],
             min=0, max=null, stack=false, log=false, dashed=[], overrides=[])::
    local all = queries + [p.series(l.expr, l.legend) for l in lines];
    local dash = { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } };
    base('timeseries', title, description, all, w, h, runbooks) {
      fieldConfig: {
        defaults: {
          unit: unit,
          [if min != null then 'min']: min,
          [if max != null then 'max']: max,
          color: { mode: 'palette-classic' },
          thresholds: p.steps('green', []),
          custom: {
            drawStyle: 'line',
            lineInterpolation: 'linear',
            lineWidth: 1,
            fillOpacity: if stack then 30 else 0,
            showPoints: 'never',
            spanNulls: false,
            stacking: { mode: if stack then 'normal' else 'none', group: 'A' },
            scaleDistribution: if log then { type: 'log', log: 10 } else { type: 'linear' },
            thresholdsStyle: { mode: 'off' },
          },
        },
        overrides: [
          {
            matcher: { id: 'byFrameRefID', options: refId(std.length(queries) + i) },
            properties: [
              dash,
              { id: 'color', value: { mode: 'fixed', fixedColor: lines[i].color } },
              { id: 'custom.fillOpacity', value: 0 },
              { id: 'custom.stacking', value: { mode: 'none', group: 'A' } },
            ],
          }
          for i in std.range(0, std.length(lines) - 1)
        ] + [
          { matcher: { id: 'byFrameRefID', options: r }, properties: [dash] }
          for r in dashed
        ] + overrides,
      },
      options: {
        legend: {
          showLegend: true,
          displayMode: 'table',
          placement: 'bottom',
          calcs: ['max', 'lastNotNull'],
          sortBy: 'Max',
          sortDesc: true,
        },
        tooltip: { mode: 'multi', sort: 'desc' },
      },
    },

  // One value per series, coloured by thresholds; `noValue` says what an
  // empty result means.
  stat(title, description, queries, w, h, unit, thresholds, noValue, runbooks=[])::
    base('stat', title, description, queries, w, h, runbooks) {
      fieldConfig: {
        defaults: {
          unit: unit,
          color: { mode: 'thresholds' },
          thresholds: thresholds,
          noValue: noValue,
          mappings: [],
        },
        overrides: [],
      },
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        colorMode: 'background',
        graphMode: 'none',
        textMode: 'value_and_name',
        justifyMode: 'auto',
        orientation: 'horizontal',
        wideLayout: true,
        showPercentChange: false,
      },
    },

  // A table of instant queries. Several queries are merged into one row
  // per label set. `columns` are overrides (see `column`); `order` lists the
  // columns to show first; Time, __name__ and job are hidden, and so is
  // any column in `hide`. `sortBy` is a column's display name.
  table(title, description, queries, w, h, columns=[], order=[], hide=[], sortBy=null,
        desc=true, runbooks=[])::
    base('table', title, description, queries, w, h, runbooks) {
      fieldConfig: {
        defaults: {
          custom: { align: 'auto', cellOptions: { type: 'auto' }, filterable: false },
          thresholds: p.steps('green', []),
          mappings: [],
        },
        overrides: columns,
      },
      options: {
        showHeader: true,
        cellHeight: 'sm',
        footer: { show: false, reducer: ['sum'], fields: '', countRows: false },
        sortBy: if sortBy == null then [] else [{ displayName: sortBy, desc: desc }],
      },
      transformations: (if std.length(queries) > 1 then [{ id: 'merge', options: {} }] else []) + [{
        id: 'organize',
        options: {
          excludeByName: { [c]: true for c in ['Time', '__name__', 'job'] + hide },
          indexByName: { [order[i]]: i for i in std.range(0, std.length(order) - 1) },
          renameByName: {},
        },
      }],
    },

  // A table column (by its name in the query result: a label, `Value`, or
  // `Value #A` when the table merges several queries).
  column(name, displayName=null, unit=null, thresholds=null, cell=null, decimals=null,
         mappings=null, links=null, min=null, max=null):: {
    matcher: { id: 'byName', options: name },
    properties: std.filter(function(x) x != null, [
      if displayName != null then { id: 'displayName', value: displayName },
      if unit != null then { id: 'unit', value: unit },
      if decimals != null then { id: 'decimals', value: decimals },
      if min != null then { id: 'min', value: min },
      if max != null then { id: 'max', value: max },
      if thresholds != null then { id: 'thresholds', value: thresholds },
      if cell != null then { id: 'custom.cellOptions', value: cell },
      if mappings != null then { id: 'mappings', value: mappings },
      if links != null then { id: 'links', value: links },
    ]),
  },
  // Cell styles.
  gaugeCell:: { type: 'gauge', mode: 'basic', valueDisplayMode: 'text' },
  backgroundCell:: { type: 'color-background', mode: 'basic' },
  textCell:: { type: 'color-text' },
  // Value mapping: value -> [text, color].
  valueMap(pairs):: [{
    type: 'value',
    options: {
      [std.toString(pairs[i][0])]: { text: pairs[i][1], color: pairs[i][2], index: i }
      for i in std.range(0, std.length(pairs) - 1)
    },
  }],
}
