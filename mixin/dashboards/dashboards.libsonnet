// The Grafana dashboard, from the same _config as the rules and alerts.
// Rows top to bottom, one file each: is it failing (failing.libsonnet), how
// much headroom is left (headroom), how the hosts are configured (fleet),
// who uses the ports (culprits), which pod, container or process holds them
// (attribution), sockets per state (sockets), and whether the exporter
// itself works (health). Panel helpers: panels.libsonnet.
{
  _config+:: {
    dashboard+: {
      // Fleet settings table: cells outside these limits are coloured red.
      outliers+: {
        // Fewer usable ephemeral ports than Windows' default range
        // (49152-65535) has.
        minUsablePorts: 16384,
        // A dynamic range that starts below this collides with service
        // ports.
        minFirstPort: 10000,
        // Windows TcpTimedWaitDelay above this (Linux holds TIME_WAIT 60 s).
        maxTimeWaitDelaySeconds: 60,
      },
    },
  },

  grafanaDashboards+:: {
    local config = $._config,
    local p = (import 'panels.libsonnet')(config),
    local rows = [
      (import 'failing.libsonnet')(config, p),
      (import 'headroom.libsonnet')(config, p),
      (import 'fleet.libsonnet')(config, p),
      (import 'culprits.libsonnet')(config, p),
      (import 'attribution.libsonnet')(config, p),
      (import 'sockets.libsonnet')(config, p),
      (import 'health.libsonnet')(config, p),
    ],

    // Lays out rows top to bottom and each row's lines of panels left to
    // right (widths must add up to at most 24); numbers every panel.
    local placeLine(state, line) =
      local xs = std.foldl(function(acc, panel) acc + [acc[std.length(acc) - 1] + panel.gridPos.w], line, [0]);
      assert xs[std.length(line)] <= 24 : 'wider than 24 columns: ' + std.join(', ', [x.title for x in line]);
      {
        y: state.y + std.foldl(std.max, [panel.gridPos.h for panel in line], 0),
        id: state.id + std.length(line),
        panels: state.panels + [
          line[i] { id: state.id + i, gridPos+: { x: xs[i], y: state.y } }
          for i in std.range(0, std.length(line) - 1)
        ],
      },
    local placeRow(state, row) = std.foldl(placeLine, row.lines, {
      y: state.y + 1,
      id: state.id + 1,
      panels: state.panels + [{
        type: 'row',
        id: state.id,
        title: row.title,
        collapsed: false,
        panels: [],
        gridPos: { x: 0, y: state.y, w: 24, h: 1 },
      }],
    }),
    local panels = std.foldl(placeRow, rows, { y: 0, id: 1, panels: [] }).panels,

    local queryVariable(name, label, query, multi) = {
      type: 'query',
      name: name,
      label: label,
      datasource: p.datasource,
      query: query,
      refresh: 2,
      sort: 1,
      hide: 0,
      multi: multi,
      includeAll: multi,
      options: [],
    } + (if multi then { allValue: '.+', current: { text: ['All'], value: ['$__all'] } } else {}),

    'portwatch.json': {
      uid: config.dashboard.uid,
      title: config.dashboard.title,
      description: 'Is any host failing to open TCP connections for lack of ephemeral ports, '
                   + 'where, how soon, and who uses the ports. Generated from mixin/dashboards/.',
      tags: ['portwatch', 'tcp', 'ephemeral-ports'],
      schemaVersion: 39,
      version: 1,
      editable: false,
      graphTooltip: 1,
      fiscalYearStartMonth: 0,
      liveNow: false,
      time: { from: config.dashboard.timeFrom, to: 'now' },
      refresh: config.dashboard.refresh,
      timezone: 'browser',
      annotations: { list: [] },
      links: [],
      templating: {
        list: [
          {
            type: 'datasource',
            name: 'datasource',
            label: 'Data source',
            query: 'prometheus',
            regex: '',
            refresh: 1,
            hide: 0,
            options: [],
          },
        ] + (
          // showMultiCluster: one cluster at a time, chosen first; the job
          // and instance variables list that cluster's.
          if config.showMultiCluster then [
            queryVariable('cluster', 'Cluster',
                          'label_values(portwatch_exporter_build_info, %s)' % config.clusterLabel, false),
          ] else []
        ) + [
          queryVariable('job', 'Job',
                        'label_values(portwatch_exporter_build_info%s, job)'
                        % (if p.cluster == '' then '' else '{%s}' % p.cluster), false),
          queryVariable('instance', 'Instance',
                        'label_values(portwatch_exporter_build_info{%s}, instance)' % p.inCluster('job="$job"'),
                        true),
        ],
      },
      panels: panels,
    },
  },
}
