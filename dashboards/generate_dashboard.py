#!/usr/bin/env python3
"""Generates dashboards/portwatch.json, the Grafana dashboard for portwatch.

The JSON is committed; this script is its source, so panels share one
layout, one datasource variable and one set of thresholds. After editing:
    python3 dashboards/generate_dashboard.py > dashboards/portwatch.json
A test fails when the committed JSON and this script disagree."""

import json

DATASOURCE = {'type': 'prometheus', 'uid': '${datasource}'}
SELECTOR = 'job="$job", instance=~"$instance"'
RUNBOOKS = 'https://github.com/portwatch/portwatch/blob/main/docs/runbooks/'
# Drawn on utilization panels; the same numbers as the alert thresholds
# in alerts/portwatch.rules.yml (running_low_warning/_critical).
UTILIZATION_STEPS = [
    {'color': 'green', 'value': None},
    {'color': 'orange', 'value': 0.7},
    {'color': 'red', 'value': 0.9},
]


class Layout:
    """Places panels left to right in 24-column rows and numbers them."""

    def __init__(self):
        self.panels = []
        self.x = 0
        self.y = 0
        self.row_height = 0

    def row(self, title):
        self._newline()
        self.panels.append({'type': 'row', 'title': title, 'collapsed': False,
                            'id': len(self.panels) + 1, 'panels': [],
                            'gridPos': {'x': 0, 'y': self.y, 'w': 24, 'h': 1}})
        self.y += 1

    def add(self, panel, w, h):
        if self.x + w > 24:
            self._newline()
        panel['id'] = len(self.panels) + 1
        panel['gridPos'] = {'x': self.x, 'y': self.y, 'w': w, 'h': h}
        panel['datasource'] = DATASOURCE
        for ref, target in zip('ABCDEFGH', panel['targets']):
            target.update({'refId': ref, 'datasource': DATASOURCE})
        self.panels.append(panel)
        self.x += w
        self.row_height = max(self.row_height, h)

    def _newline(self):
        self.y += self.row_height
        self.x = 0
        self.row_height = 0


def target(expr, legend='', instant=False, fmt='time_series'):
    return {'expr': expr, 'legendFormat': legend, 'instant': instant,
            'range': not instant, 'format': fmt}


def field_config(unit, steps=None, minimum=None, maximum=None, extra=None):
    defaults = {'unit': unit,
                'thresholds': {'mode': 'absolute',
                               'steps': steps or [{'color': 'green',
                                                   'value': None}]}}
    if minimum is not None:
        defaults['min'] = minimum
    if maximum is not None:
        defaults['max'] = maximum
    defaults.update(extra or {})
    return {'defaults': defaults, 'overrides': []}


def timeseries(title, description, targets, unit='short', steps=None,
               maximum=None, stack=False):
    custom = {'drawStyle': 'line', 'lineWidth': 1, 'fillOpacity': 10,
              'showPoints': 'never',
              'stacking': {'mode': 'normal' if stack else 'none'},
              'thresholdsStyle': {'mode': 'line' if steps else 'off'}}
    return {'type': 'timeseries', 'title': title, 'description': description,
            'targets': targets,
            'fieldConfig': field_config(unit, steps, 0, maximum,
                                        {'custom': custom}),
            'options': {'legend': {'displayMode': 'table',
                                   'placement': 'bottom',
                                   'calcs': ['lastNotNull', 'max']},
                        'tooltip': {'mode': 'multi', 'sort': 'desc'}}}


def stat(title, description, targets, unit='short', steps=None,
         decimals=None):
    extra = {} if decimals is None else {'decimals': decimals}
    return {'type': 'stat', 'title': title, 'description': description,
            'targets': targets,
            'fieldConfig': field_config(unit, steps, extra=extra),
            'options': {'reduceOptions': {'calcs': ['lastNotNull'],
                                          'fields': '', 'values': False},
                        'colorMode': 'value', 'graphMode': 'none',
                        'textMode': 'value_and_name'}}


def gauge(title, description, targets):
    return {'type': 'gauge', 'title': title, 'description': description,
            'targets': targets,
            'fieldConfig': field_config('percentunit', UTILIZATION_STEPS, 0, 1),
            'options': {'reduceOptions': {'calcs': ['lastNotNull'],
                                          'fields': '', 'values': False},
                        'showThresholdMarkers': True}}


def table(title, description, targets, unit='short'):
    return {'type': 'table', 'title': title, 'description': description,
            'targets': targets, 'fieldConfig': field_config(unit),
            'options': {'showHeader': True,
                        'sortBy': [{'displayName': 'Value', 'desc': True}]},
            'transformations': [{'id': 'organize', 'options': {
                'excludeByName': {'Time': True, '__name__': True, 'job': True}}}]}


def utilization_panels(layout):
    ratio = 'portwatch_ephemeral_port_utilization_ratio{%s}' % SELECTOR
    layout.row('Ephemeral port utilization')
    layout.add(gauge(
        'Worst utilization',
        'Highest share of usable ephemeral ports in use on each host, over '
        'both families and both scopes (host = distinct ports, destination '
        '= the busiest local address -> remote address:port). Orange from '
        '70% and red from 90% are the alert thresholds. When it is high: '
        'open the worst-destination table below, find the client that '
        'opens connections to it, and follow the runbook ' + RUNBOOKS +
        'PortwatchEphemeralPortsRunningLow.md.',
        [target('max by (instance) (%s)' % ratio, '{{instance}}',
                instant=True)]), 6, 8)
    layout.add(timeseries(
        'Utilization by family and scope',
        'Utilization over time with the warning (70%) and critical (90%) '
        'alert thresholds drawn. A steady climb means connections are '
        'leaking or being opened faster than TIME_WAIT releases them: check '
        'the forecast and the TIME_WAIT panels; a sawtooth that touches the '
        'red line means bursts already come close to exhaustion.',
        [target(ratio, '{{instance}} {{family}} {{scope}}')],
        'percentunit', UTILIZATION_STEPS, 1), 12, 8)
    layout.add(stat(
        'Time to exhaustion at current trend',
        'Seconds until utilization reaches 100% if the trend of the last 30 '
        'minutes continues (shown as a very large value when the trend is '
        'flat or falling). Under an hour triggers '
        'PortwatchEphemeralPortsExhaustionForecast: act before it reaches '
        'zero - add pooling/keep-alive in the client or widen the range.',
        [target('min by (instance) ((1 - %s) / clamp_min(deriv(%s[30m]), '
                '1e-9))' % (ratio, ratio), '{{instance}}', instant=True)],
        's', [{'color': 'red', 'value': None},
              {'color': 'orange', 'value': 3600},
              {'color': 'green', 'value': 21600}]), 6, 8)
    layout.add(timeseries(
        'Forecast: utilization one hour ahead',
        'predict_linear over 30 minutes, one hour ahead. Above 100% (the red '
        'line) the range runs out within the hour at the current trend; '
        'this is what the forecast alert watches.',
        [target('predict_linear(%s[30m], 3600)' % ratio,
                '{{instance}} {{family}} {{scope}}')],
        'percentunit', [{'color': 'green', 'value': None},
                        {'color': 'red', 'value': 1}]), 24, 7)


def range_panels(layout):
    layout.row('Dynamic port range')
    for metric, title, what in (
            ('portwatch_ephemeral_port_range_first', 'Range first port',
             'First port of the dynamic range (Linux '
             'net.ipv4.ip_local_port_range, Windows netsh dynamicport).'),
            ('portwatch_ephemeral_port_range_last', 'Range last port',
             'Last port of the dynamic range.'),
            ('portwatch_ephemeral_ports', 'Usable ports',
             'Ports the OS can hand out: last - first + 1 - reserved. Small '
             'ranges run out first; widening the range is the quickest '
             'relief (see the runbooks).'),
            ('portwatch_ephemeral_ports_reserved', 'Reserved ports',
             'Ports inside the range excluded from allocation (Linux '
             'ip_local_reserved_ports, Windows excluded port ranges). A '
             'large value shrinks the usable range: check that each '
             'reservation is still needed.')):
        # Port numbers and counts: 'none' keeps 32768 from showing as 32.8K.
        layout.add(stat(title, what + ' Compare hosts: an outlier usually '
                        'means a missing sysctl or registry setting.',
                        [target('%s{%s}' % (metric, SELECTOR),
                                '{{instance}} {{family}}', instant=True)],
                        unit='none', decimals=0),
                   6, 4)


def socket_panels(layout):
    layout.row('Sockets per state')
    layout.add(timeseries(
        'All TCP sockets by state',
        'Every TCP socket by state. Many time_wait sockets mean many short '
        'outbound connections; many close_wait sockets mean the local '
        'application does not close connections the peer already closed '
        '(a leak: fix the application).',
        [target('sum by (state) (portwatch_tcp_sockets{%s})' % SELECTOR,
                '{{state}}')], stack=True), 12, 8)
    layout.add(timeseries(
        'Sockets on ephemeral ports by state',
        'Sockets whose local port is a usable ephemeral port - the ones that '
        'use up the range. time_wait here is the usual cause of '
        'exhaustion: reuse connections (pooling, keep-alive) instead of '
        'opening a new one per request.',
        [target('sum by (state) (portwatch_tcp_ephemeral_sockets{%s})'
                % SELECTOR, '{{state}}')], stack=True), 12, 8)
    layout.add(timeseries(
        'Ephemeral ports in use vs usable',
        'Distinct ephemeral ports held by at least one socket, against the '
        'usable total. When the two lines meet, new connections to any new '
        'destination fail.',
        [target('portwatch_ephemeral_ports_in_use{%s}' % SELECTOR,
                'in use {{instance}} {{family}}'),
         target('portwatch_ephemeral_ports{%s}' % SELECTOR,
                'usable {{instance}} {{family}}')]), 24, 7)


def time_wait_panels(layout):
    tw = 'portwatch_tcp_time_wait_sockets{%s}' % SELECTOR
    layout.row('TIME_WAIT per remote endpoint')
    layout.add(table(
        'Top TIME_WAIT remote endpoints',
        'Remote endpoints with the most TIME_WAIT sockets (top K as set by '
        '--collector.tcp.top-endpoints). The endpoint at the top is the '
        'service this host connects to too often: enable connection reuse '
        'towards it. One endpoint above 50% of the usable range triggers '
        'PortwatchTimeWaitConcentration.',
        [target('topk(20, %s)' % tw, instant=True, fmt='table')]), 12, 9)
    layout.add(timeseries(
        'TIME_WAIT per remote endpoint',
        'TIME_WAIT sockets over time for the top endpoints. A rising line '
        'for one endpoint points at the client that hammers it; compare '
        'with deploys or traffic changes at the time it started.',
        [target('topk(10, %s)' % tw,
                '{{remote_address}}:{{remote_port}} {{instance}}')]), 12, 9)
    layout.add(stat(
        'Distinct TIME_WAIT remote endpoints',
        'How many remote endpoints hold TIME_WAIT sockets. When it is larger '
        'than the rows in the table, the table is truncated to the top K.',
        [target('portwatch_tcp_time_wait_remote_endpoints{%s}' % SELECTOR,
                '{{instance}} {{family}}', instant=True)]), 24, 4)


def destination_panels(layout):
    dest = 'portwatch_tcp_destination_ephemeral_sockets{%s}' % SELECTOR
    layout.row('Destinations')
    layout.add(table(
        'Worst destinations',
        'Sockets on ephemeral ports per (local address, remote address, '
        'remote port). Linux reuses a local port towards different '
        'destinations, so one destination runs out when its count reaches '
        'the usable range even if the host has ports left. Fix the worst '
        'one first: pooling, more source addresses, or more destination '
        'addresses/ports.',
        [target('topk(20, %s)' % dest, instant=True, fmt='table')]), 12, 9)
    layout.add(timeseries(
        'Busiest destinations over time',
        'Sockets per destination for the busiest destinations, with the '
        'usable range as the ceiling they must stay under.',
        [target('topk(10, %s)' % dest,
                '{{local_address}} -> {{remote_address}}:{{remote_port}}'),
         target('max by (instance) (portwatch_ephemeral_ports{%s})'
                % SELECTOR, 'usable ports {{instance}}')]), 12, 9)


def event_panels(layout):
    layout.row('Exhaustion events')
    layout.add(timeseries(
        'Tcpip exhaustion events (Windows)',
        'Rate of Tcpip events in the System log: 4227 (a local port was '
        'still in TIME_WAIT towards the same remote endpoint), 4231 and 4266 '
        '(no ephemeral port left). Any 4231/4266 means connections are '
        'already failing: page-level, see PortwatchEphemeralPortsExhausted. '
        'Empty on Linux, which logs no such events.',
        [target('sum by (instance, event_id) '
                '(rate(portwatch_tcpip_events_total{%s}[$__rate_interval]))'
                % SELECTOR, '{{instance}} event {{event_id}}')],
        'ops'), 24, 7)


def health_panels(layout):
    layout.row('Exporter health')
    layout.add(timeseries(
        'Collector success',
        '1 when the collector succeeded in the scrape, 0 when it failed - '
        'the exporter log says why (a malformed /proc file, netlink not '
        'permitted, Event Log access). 15 minutes at 0 triggers '
        'PortwatchCollectorFailing.',
        [target('portwatch_scrape_collector_success{%s}' % SELECTOR,
                '{{instance}} {{collector}}')], maximum=1), 8, 7)
    layout.add(timeseries(
        'Collector duration',
        'Time each collector takes per scrape. Seconds here on a host with '
        'many sockets means the scrape may time out: check the procfs '
        'fallback is not in use (netlink is much faster).',
        [target('portwatch_scrape_collector_duration_seconds{%s}' % SELECTOR,
                '{{instance}} {{collector}}')], 's'), 8, 7)
    layout.add(timeseries(
        'Scrape up and tracking error',
        'up = 1 while Prometheus can scrape portwatch (0 for 5 minutes '
        'triggers PortwatchExporterDown). tracking error above 0 means the '
        'per-endpoint tables were full and top-K counts may over-state by '
        'that much: raise --collector.tcp.max-tracked-keys.',
        [target('up{%s}' % SELECTOR, 'up {{instance}}'),
         target('portwatch_tcp_tracking_max_error_sockets{%s}' % SELECTOR,
                'tracking error {{instance}} {{table}}')]), 8, 7)


def variables():
    def query_variable(name, label, query, multi):
        return {'type': 'query', 'name': name, 'label': label,
                'datasource': DATASOURCE,
                'query': {'query': query, 'refId': 'PrometheusVariableQueryEditor-VariableQuery'},
                'definition': query, 'refresh': 2, 'sort': 1,
                'multi': multi, 'includeAll': multi,
                'allValue': '.+' if multi else None,
                'current': {}, 'options': [], 'hide': 0}
    return {'list': [
        {'type': 'datasource', 'name': 'datasource', 'label': 'Data source',
         'query': 'prometheus', 'current': {}, 'options': [], 'hide': 0,
         'refresh': 1, 'regex': ''},
        query_variable('job', 'Job', 'label_values(portwatch_exporter_build_info, job)', False),
        query_variable('instance', 'Instance',
                       'label_values(portwatch_exporter_build_info{job="$job"}, instance)',
                       True),
    ]}


def dashboard():
    layout = Layout()
    utilization_panels(layout)
    destination_panels(layout)
    time_wait_panels(layout)
    socket_panels(layout)
    range_panels(layout)
    event_panels(layout)
    health_panels(layout)
    return {
        'uid': 'portwatch-ephemeral-ports',
        'title': 'portwatch: ephemeral ports',
        'description': 'How close each host is to running out of TCP '
                       'ephemeral ports, towards which destination, and '
                       'since when.',
        'tags': ['portwatch', 'tcp', 'ephemeral-ports'],
        'schemaVersion': 39,
        'version': 1,
        'editable': True,
        'graphTooltip': 1,
        'time': {'from': 'now-6h', 'to': 'now'},
        'refresh': '30s',
        'timezone': 'browser',
        'templating': variables(),
        'annotations': {'list': []},
        'links': [{'title': 'Runbooks', 'type': 'link', 'url': RUNBOOKS,
                   'targetBlank': True, 'icon': 'doc'}],
        'panels': layout.panels,
    }


if __name__ == '__main__':
    print(json.dumps(dashboard(), indent=2, sort_keys=True))
