"""Full-stack end-to-end test of the shipped rules, Alertmanager example
and dashboard, with real servers from Debian's packages on loopback inside
a network namespace this test creates:

  portwatch (127.0.0.1:10058) <- Prometheus (1 s scrapes and evaluations,
  the rendered rules with time scaled 60x down by rule_override.py) ->
  Alertmanager (alerts/alertmanager.example.yml, receivers pointed at a
  webhook in this process, waits shortened) -> webhook.

The namespace's range is narrowed to 1000 ports, tcp_tw_reuse is off.
1. Quiet: nothing fires, pends or reaches the webhook.
2. Sawtooth: 600 TIME_WAIT sockets towards one destination (60%), then
   repeatedly 400 more connections (100%: the next connect() fails with
   EADDRNOTAVAIL) that are reset once Prometheus has scraped the peak, so
   the latest sample is 60% half of the time. PortwatchEphemeralPortsExhausted
   must page (critical, destination scope, pager receiver) and must be
   firing while the latest sample is in a trough; host scope only warns
   (tickets receiver); RunningLow and TimeWaitConcentration fire in
   Prometheus but Alertmanager inhibits them, and they never reach the
   webhook.
3. Every dashboard panel query, variables substituted, runs through
   Prometheus' HTTP API and returns data (the exporter runs collectors
   netns, process and connect_failures too, and a busy named namespace is
   added for them; the sawtooth's failed connect() is what the Linux
   failure panels show)."""

import errno
import json
import os
import re
import resource
import socket
import struct
import sys
import tempfile
import time

import harness
import ss_model
import stack
from namespace_load import Namespaces

SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
DASHBOARD = os.path.join(SOURCE_DIR, 'dashboards', 'portwatch.json')
FIRST, LAST = 40000, 40999
PORTS = LAST - FIRST + 1
EXPORTER_ADDRESS = '127.0.0.1:10058'
DESTINATION = ('127.0.0.1', 7001)
# Panels whose metrics exist only on Windows may return no data; the fast
# forecast exists only while utilization climbs.
MAY_BE_EMPTY = ('portwatch_tcpip_events_total', 'portwatch_windows_',
                'seconds_to_exhaustion')
# Longer than every scaled `for:` that a quiet host could reach.
QUIET_SECONDS = 20
DESTINATION_RATIO = ('portwatch_ephemeral_port_utilization_ratio'
                     '{scope="destination", family="ipv4"}')
PAGER, TICKETS = '/portwatch-pager', '/portwatch-tickets'
# 99 of 100 ports held towards one destination.
HOT_NAMESPACE = {'range': ss_model.PortRange(45000, 45099), 'time_wait': 0,
                 'established': 99}


class PortLoad:
    """Connections from this process to DESTINATION, each on its own local
    ephemeral port."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(DESTINATION)
        self.listener.listen(4096)
        self.held = []

    def _connect(self):
        client = socket.socket()
        client.connect(DESTINATION)
        server, _ = self.listener.accept()
        return client, server

    def time_wait(self, count):
        """Leaves `count` TIME_WAIT sockets (the client closes first)."""
        for _ in range(count):
            client, server = self._connect()
            client.close()
            server.recv(1)
            server.close()

    def hold(self, count):
        for _ in range(count):
            self.held.append(self._connect())

    def reset_held(self):
        """Closes the held connections with RST: no TIME_WAIT is left."""
        linger = struct.pack('ii', 1, 0)
        for client, server in self.held:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            client.close()
            server.close()
        self.held = []

    def next_connect_errno(self):
        try:
            client, server = self._connect()
        except OSError as error:
            return error.errno
        client.close()
        server.close()
        return 0


def host_level(alerts):
    """The alerts about this namespace, the exporter's own: collector netns
    also sees the namespaces of tests running at the same time, whose
    per-namespace alerts (label netns) are not this test's business."""
    return [a for a in alerts if 'netns' not in a['labels']]


def latest_ratio():
    result = stack.query(DESTINATION_RATIO)
    return float(result[0]['value'][1]) if result else None


def firing(alertname, **labels):
    return [a for a in stack.prometheus_alerts('firing')
            if a['labels']['alertname'] == alertname and
            all(a['labels'].get(k) == v for k, v in labels.items())]


def suppressed_in_alertmanager(alertname):
    return [a for a in stack.alertmanager_alerts()
            if a['labels']['alertname'] == alertname and
            a['status']['state'] == 'suppressed' and
            a['status']['inhibitedBy']]


def panel_queries(dashboard, instance):
    """(panel title, expr) for every target, variables substituted."""
    panels = list(dashboard['panels'])
    for row in dashboard['panels']:
        panels.extend(row.get('panels', []))
    for panel in panels:
        for target in panel.get('targets', []):
            expr = (target['expr'].replace('$job', 'portwatch')
                    .replace('$instance', re.escape(instance).replace('\\', '\\\\'))
                    .replace('$__rate_interval', '5s')
                    .replace('$__interval', '2s')
                    .replace('$__range', '2m'))
            yield panel['title'], expr


def check_dashboard_queries():
    with open(DASHBOARD) as source:
        dashboard = json.load(source)
    checked = 0
    for title, expr in panel_queries(dashboard, EXPORTER_ADDRESS):
        result = stack.query(expr)  # raises on a query error
        if any(name in expr for name in MAY_BE_EMPTY):
            continue
        harness.check(result, 'panel %r returned no data: %s' % (title, expr))
        checked += 1
    for variable in dashboard['templating']['list']:
        if variable['type'] != 'query':
            continue
        definition = variable.get('definition') or variable['query']
        if isinstance(definition, dict):
            definition = definition['query']
        match = re.fullmatch(r'label_values\((.+), (\w+)\)', definition)
        harness.check(match, 'variable query %r' % definition)
        selector = match.group(1).replace('$job', 'portwatch')
        values = stack.prometheus_api('label/%s/values' % match.group(2),
                                      **{'match[]': selector})
        expected = {'job': ['portwatch'], 'instance': [EXPORTER_ADDRESS]}
        harness.check(values == expected[variable['name']],
                      'variable %s offers %r' % (variable['name'], values))
    print('dashboard: %d panel queries returned data' % checked, flush=True)


def main_inside():
    harness.write_sysctl('ip_local_port_range', '%d %d' % (FIRST, LAST))
    harness.write_sysctl('ip_local_reserved_ports', '')
    harness.write_sysctl('tcp_tw_reuse', '0')
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    workdir = tempfile.mkdtemp(prefix='portwatch-stack-')
    servers = stack.Servers(workdir)
    webhook = stack.Webhook()
    load = PortLoad()
    namespaces = Namespaces('pwstack%d' % os.getpid())
    # With the attribution and failure collectors, so that the dashboard's
    # namespace, process and Linux failure panels have data too.
    harness.ensure_tracefs()
    exporter = harness.Exporter(harness.env_path('PORTWATCH_EXPORTER'),
                                ['--collector.netns', '--collector.process',
                                 '--collector.connect_failures'],
                                listen=EXPORTER_ADDRESS)

    def test_stack_starts_and_scrapes():
        stack.start(workdir, servers, SOURCE_DIR, EXPORTER_ADDRESS)
        stack.wait_until(lambda: stack.query('up{job="portwatch"} == 1'), 60,
                         'Prometheus to scrape portwatch')
        # Prometheus asks for gzip and gets it: only it scrapes this
        # exporter, and what it stored says so.
        stack.wait_until(lambda: stack.query(
            'portwatch_web_metrics_responses_total{encoding="gzip"} > 0'), 30,
                         'a gzip page to be counted')
        plain = stack.query(
            'portwatch_web_metrics_responses_total{encoding="identity"} > 0')
        harness.check(not plain, 'Prometheus was sent plain pages: %r' % plain)
        stack.wait_until(
            lambda: stack.query('portwatch:ephemeral_port_utilization:peak_ratio'),
            30, 'the shipped rules to be evaluated')
        # Rules evaluated before the first scrape see no target at all
        # (ExporterDown's absent(), whose scaled `for:` is only 5 s, may
        # even reach the webhook); wait until that has cleared.
        stack.wait_until(lambda: not host_level(stack.prometheus_alerts())
                         and not host_level(stack.alertmanager_alerts()), 30,
                         'the start-up alerts to clear')
        webhook.forget()
        servers.check_running()

    def test_quiet_period_fires_nothing():
        deadline = time.monotonic() + QUIET_SECONDS
        while time.monotonic() < deadline:
            alerts = host_level(stack.prometheus_alerts())
            harness.check(not alerts, 'alerts on a quiet host: %r' % alerts)
            received = host_level(webhook.received())
            harness.check(not received, 'webhook got %r' % received)
            time.sleep(0.5)
        servers.check_running()

    def test_sawtooth_pages_on_its_peaks():
        started = time.monotonic()
        load.time_wait(int(PORTS * 0.6))
        seen = {'trough_while_firing': False, 'eaddrnotavail': False}

        def one_tooth():
            load.hold(PORTS - int(PORTS * 0.6))
            if not seen['eaddrnotavail']:
                error = load.next_connect_errno()
                harness.check(error == errno.EADDRNOTAVAIL,
                              'connect() at 100%% gave errno %r' % error)
                seen['eaddrnotavail'] = True
            stack.wait_until(lambda: (latest_ratio() or 0) >= 1, 10,
                             'Prometheus to scrape the peak')
            load.reset_held()
            stack.wait_until(lambda: (latest_ratio() or 1) <= 0.61, 10,
                             'Prometheus to scrape the trough')
            if firing('PortwatchEphemeralPortsExhausted', scope='destination'):
                seen['trough_while_firing'] = True

        def done():
            one_tooth()
            return (webhook.received(PAGER, alertname='PortwatchEphemeralPortsExhausted',
                                     severity='critical', scope='destination')
                    and webhook.received(TICKETS, alertname='PortwatchEphemeralPortsExhausted',
                                         severity='warning', scope='host', os='linux')
                    and suppressed_in_alertmanager('PortwatchEphemeralPortsRunningLow')
                    and suppressed_in_alertmanager('PortwatchTimeWaitConcentration'))

        stack.wait_until(done, 45, 'the sawtooth to page and the '
                         'inhibitions to hold (webhook got %r)' % webhook.alerts)
        print('sawtooth: paged %.1f s after the load started'
              % (time.monotonic() - started), flush=True)
        harness.check(seen['trough_while_firing'], 'Exhausted was never '
                      'firing while the latest sample was in a trough')
        harness.check(not webhook.received(PAGER, scope='host'),
                      'host scope paged on Linux: %r' % webhook.received(PAGER))
        for name in ('PortwatchEphemeralPortsRunningLow',
                     'PortwatchTimeWaitConcentration'):
            harness.check(firing(name), name + ' is not firing in Prometheus')
            harness.check(not webhook.received(alertname=name),
                          '%s was not inhibited: %r' %
                          (name, webhook.received(alertname=name)))

    def test_every_dashboard_query_returns_data():
        load.hold(PORTS - int(PORTS * 0.6))
        stack.wait_until(lambda: (latest_ratio() or 0) >= 1, 10,
                         'Prometheus to scrape the load')
        # A namespace busier than any other test's (they may run at the
        # same time and this exporter sees them): the namespace panels rank
        # it first and so show a namespace that still exists.
        namespaces.start('hot', HOT_NAMESPACE)
        stack.wait_until(lambda: stack.query(
            'portwatch:netns_ephemeral_port_utilization:peak_ratio'
            '{netns_name="%s"} >= 0.99' % namespaces.name('hot')), 20,
            'Prometheus to see the busy namespace')
        check_dashboard_queries()

    stack.run_tests([test_stack_starts_and_scrapes,
                     test_quiet_period_fires_nothing,
                     test_sawtooth_pages_on_its_peaks,
                     test_every_dashboard_query_returns_data],
                    servers, webhook, exporter, workdir,
                    lambda: (load.reset_held(), namespaces.close()))

if __name__ == '__main__':
    if '--inside' in sys.argv:
        main_inside()
    else:
        sys.exit(harness.run_inside_new_netns(__file__, 'portwatch-stack'))
