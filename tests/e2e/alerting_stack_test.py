"""Full-stack end-to-end test of the shipped alerts and dashboard, with
real servers from Debian's packages on loopback inside a network namespace
this test creates:

  portwatch (127.0.0.1:10058) <- Prometheus (1 s scrape and evaluation, the
  shipped rules with `for:` scaled by rule_override.py) -> Alertmanager ->
  a webhook receiver in this process.

The namespace's ip_local_port_range is narrowed to 1000 ports and
tcp_tw_reuse is off. After a quiet period (nothing may fire), a load
generator opens and closes connections to one destination: first to 80% of
the range (PortwatchEphemeralPortsRunningLow must reach the webhook), then
until connect() fails with EADDRNOTAVAIL (PortwatchEphemeralPortsExhausted
must). Finally every dashboard panel query, with its variables substituted,
is evaluated through Prometheus' HTTP API and must return data."""

import errno
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

import harness
import rule_override

SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
RULES = os.path.join(SOURCE_DIR, 'alerts', 'portwatch.rules.yml')
DASHBOARD = os.path.join(SOURCE_DIR, 'dashboards', 'portwatch.json')
FIRST, LAST = 40000, 40999
EXPORTER_ADDRESS = '127.0.0.1:10058'
PROMETHEUS = 'http://127.0.0.1:19090'
ALERTMANAGER_PORT = 19093
WEBHOOK_PORT = 19095
LOAD_DESTINATION = ('127.0.0.1', 7001)
# Panels whose metrics exist only on Windows: allowed to return no data.
WINDOWS_ONLY_METRICS = ('portwatch_tcpip_events_total',)
# The longest scaled `for:` (15m -> 15s) plus scrape and evaluation slack.
QUIET_SECONDS = 20
# Phase 2 starts from phase 1's TIME_WAIT sockets only while they have
# this much of their 60 s left to run.
TIME_WAIT_BUDGET_SECONDS = 30


class Webhook:
    """Alertmanager webhook receiver: keeps every alert it is sent."""

    def __init__(self, port):
        self.alerts = []
        self.lock = threading.Lock()
        webhook = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get('Content-Length', 0))
                payload = json.loads(self.rfile.read(length))
                with webhook.lock:
                    webhook.alerts.extend(payload.get('alerts', []))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', port),
                                                      Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def received(self, **labels):
        with self.lock:
            return [a for a in self.alerts if a.get('status') == 'firing' and
                    all(a['labels'].get(k) == v for k, v in labels.items())]

    def wait_for(self, timeout, **labels):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.received(**labels)
            if found:
                return found
            time.sleep(0.25)
        with self.lock:
            seen = [a['labels'] for a in self.alerts]
        raise AssertionError('no alert %r reached the webhook within %d s; '
                             'got %r' % (labels, timeout, seen))


class Servers:
    """Starts and stops the server processes, keeping their logs."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.processes = []

    def start(self, name, command):
        log = open(os.path.join(self.workdir, name + '.log'), 'w')
        self.processes.append((name, subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT), log))

    def check_running(self):
        for name, process, _ in self.processes:
            harness.check(process.poll() is None, '%s exited:\n%s' %
                          (name, self.log_tail(name)))

    def log_tail(self, name):
        path = os.path.join(self.workdir, name + '.log')
        if not os.path.exists(path):
            return '(not started)'
        with open(path) as log:
            return ''.join(log.readlines()[-30:])

    def stop(self):
        for _, process, log in self.processes:
            process.terminate()
        for _, process, log in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


def write(path, text):
    with open(path, 'w') as out:
        out.write(text)
    return path


def prometheus_api(path, **params):
    url = '%s/api/v1/%s?%s' % (PROMETHEUS, path, urllib.parse.urlencode(params))
    with urllib.request.urlopen(url, timeout=10) as response:
        body = json.loads(response.read())
    harness.check(body['status'] == 'success', '%s: %r' % (path, body))
    return body['data']


def query(expr):
    return prometheus_api('query', query=expr)['result']


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception as error:  # servers may still be starting
            last_error = error
        time.sleep(0.25)
    raise AssertionError('timed out waiting for %s (last error: %r)' %
                         (what, last_error))


def start_stack(workdir, servers):
    scaled_rules = write(os.path.join(workdir, 'portwatch.rules.yml'),
                         rule_override.scale_for_durations(open(RULES).read()))
    write(os.path.join(workdir, 'alertmanager.yml'), '''
route:
  receiver: webhook
  group_by: [alertname, severity, instance, family, scope]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: webhook
    webhook_configs:
      - url: http://127.0.0.1:%d/alerts
        send_resolved: false
''' % WEBHOOK_PORT)
    write(os.path.join(workdir, 'prometheus.yml'), '''
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [%s]
alerting:
  alertmanagers:
    - static_configs: [{targets: ['127.0.0.1:%d']}]
scrape_configs:
  - job_name: portwatch
    static_configs: [{targets: ['%s']}]
''' % (scaled_rules, ALERTMANAGER_PORT, EXPORTER_ADDRESS))
    servers.start('alertmanager', [
        'prometheus-alertmanager',
        '--config.file=' + os.path.join(workdir, 'alertmanager.yml'),
        '--storage.path=' + os.path.join(workdir, 'am-data'),
        '--web.listen-address=127.0.0.1:%d' % ALERTMANAGER_PORT,
        '--cluster.listen-address='])
    servers.start('prometheus', [
        'prometheus',
        '--config.file=' + os.path.join(workdir, 'prometheus.yml'),
        '--storage.tsdb.path=' + os.path.join(workdir, 'prom-data'),
        '--web.listen-address=127.0.0.1:19090'])


class PortLoad:
    """Opens and closes connections to one destination (the client closes
    first, so each leaves a TIME_WAIT socket holding its local port)."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(LOAD_DESTINATION)
        self.listener.listen(4096)
        self.created = 0

    def churn(self, limit):
        """Returns True when connect() failed with EADDRNOTAVAIL."""
        while self.created < limit:
            client = socket.socket()
            try:
                client.connect(LOAD_DESTINATION)
            except OSError as error:
                client.close()
                if error.errno == errno.EADDRNOTAVAIL:
                    return True
                raise
            server, _ = self.listener.accept()
            client.close()
            server.recv(1)
            server.close()
            self.created += 1
        return False


def firing_alerts():
    return [a for a in prometheus_api('alerts')['alerts']
            if a['state'] == 'firing']


def panel_queries(dashboard, instance):
    """(panel title, expr) for every target, variables substituted."""
    for panel in dashboard['panels']:
        for target in panel.get('targets', []):
            expr = (target['expr'].replace('$job', 'portwatch')
                    .replace('$instance', instance.replace('.', '\\\\.'))
                    .replace('$__rate_interval', '1m'))
            yield panel['title'], expr


def check_dashboard_queries():
    with open(DASHBOARD) as source:
        dashboard = json.load(source)
    checked = 0
    for title, expr in panel_queries(dashboard, EXPORTER_ADDRESS):
        result = query(expr)  # raises on a query error
        if any(metric in expr for metric in WINDOWS_ONLY_METRICS):
            continue
        harness.check(result, 'panel %r returned no data: %s' % (title, expr))
        checked += 1
    expected = {'job': ['portwatch'], 'instance': [EXPORTER_ADDRESS]}
    for variable in dashboard['templating']['list']:
        if variable['type'] != 'query':
            continue
        match = re.fullmatch(r'label_values\((.+), (\w+)\)',
                             variable['definition'])
        harness.check(match, 'variable query %r' % variable['definition'])
        selector = match.group(1).replace('$job', 'portwatch')
        values = prometheus_api('label/%s/values' % match.group(2),
                                **{'match[]': selector})
        harness.check(values == expected[variable['name']],
                      'variable %s offers %r' % (variable['name'], values))
    print('dashboard: %d panel queries returned data' % checked, flush=True)


def main_inside():
    exporter_binary = harness.env_path('PORTWATCH_EXPORTER')
    harness.write_sysctl('ip_local_port_range', '%d %d' % (FIRST, LAST))
    harness.write_sysctl('ip_local_reserved_ports', '')
    harness.write_sysctl('tcp_tw_reuse', '0')
    workdir = tempfile.mkdtemp(prefix='portwatch-stack-')
    servers = Servers(workdir)
    webhook = Webhook(WEBHOOK_PORT)
    load = PortLoad()
    exporter = harness.Exporter(exporter_binary, [], listen=EXPORTER_ADDRESS)
    state = {}

    def test_stack_starts_and_scrapes():
        start_stack(workdir, servers)
        wait_until(lambda: query('up{job="portwatch"} == 1'), 60,
                   'Prometheus to scrape portwatch')
        wait_until(lambda: query('portwatch:threshold:running_low_warning'),
                   30, 'the shipped rules to be evaluated')
        servers.check_running()

    def test_nothing_fires_before_load():
        time.sleep(QUIET_SECONDS)
        servers.check_running()
        harness.check(not firing_alerts(), 'firing before load: %r' %
                      firing_alerts())
        harness.check(not webhook.received(), 'webhook got %r' %
                      webhook.received())

    def test_running_low_reaches_the_webhook():
        started = time.monotonic()
        state['start'] = started
        exhausted = load.churn(int((LAST - FIRST + 1) * 0.8))
        harness.check(not exhausted, 'ran out of ports before 80%')
        alerts = webhook.wait_for(45, alertname='PortwatchEphemeralPortsRunningLow',
                                  severity='warning', family='ipv4',
                                  scope='destination', job='portwatch',
                                  instance=EXPORTER_ADDRESS)
        harness.check(alerts[0]['annotations']['runbook_url'].endswith(
            'PortwatchEphemeralPortsRunningLow.md'), 'runbook_url')
        harness.check(not webhook.received(
            alertname='PortwatchEphemeralPortsExhausted'),
            'Exhausted fired at 80%')
        print('RunningLow reached the webhook %.1f s after the load started'
              % (time.monotonic() - started), flush=True)

    def test_exhaustion_reaches_the_webhook():
        # Phase 1's TIME_WAIT sockets expire 60 s after they were made; if
        # little of that is left, let them expire and exhaust from scratch.
        if time.monotonic() - state['start'] > TIME_WAIT_BUDGET_SECONDS:
            time.sleep(max(0.0, state['start'] + 62 - time.monotonic()))
            load.created = 0
        exhausted = load.churn(10 * (LAST - FIRST + 1))
        harness.check(exhausted, 'connect() never failed with EADDRNOTAVAIL')
        print('EADDRNOTAVAIL after %d connections' % load.created, flush=True)
        harness.check(load.created <= LAST - FIRST + 1, 'more connections '
                      'than ports: %d' % load.created)
        webhook.wait_for(30, alertname='PortwatchEphemeralPortsExhausted',
                         severity='critical', family='ipv4',
                         scope='destination', job='portwatch',
                         instance=EXPORTER_ADDRESS)
        print('Exhausted reached the webhook %.1f s after the load started'
              % (time.monotonic() - state['start']), flush=True)

    def test_every_dashboard_query_returns_data():
        check_dashboard_queries()

    try:
        harness.run_tests([test_stack_starts_and_scrapes,
                           test_nothing_fires_before_load,
                           test_running_low_reaches_the_webhook,
                           test_exhaustion_reaches_the_webhook,
                           test_every_dashboard_query_returns_data])
    except SystemExit as outcome:
        if outcome.code:
            for name in ('prometheus', 'alertmanager'):
                print('--- %s log ---\n%s' % (name, servers.log_tail(name)))
            print('--- portwatch log ---\n' + exporter.log_text()[-3000:])
        raise
    finally:
        try:
            exporter.stop()
        finally:
            servers.stop()
            webhook.server.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    if '--inside' in sys.argv:
        main_inside()
    else:
        sys.exit(harness.run_inside_new_netns(__file__, 'portwatch-stack'))
