"""The monitoring stack of the full-stack test, from Debian's packages on
loopback: Prometheus with the shipped rules (time scaled by
rule_override.py), Alertmanager with the shipped example config (receivers
pointed at a webhook in this process), and that webhook."""

import http.server
import json
import os
import shutil
import subprocess
import threading
import time
import urllib.parse
import urllib.request

import yaml

import harness
import rule_override

PROMETHEUS = 'http://127.0.0.1:19090'
ALERTMANAGER = 'http://127.0.0.1:19093'
WEBHOOK_PORT = 19095


class Webhook:
    """Alertmanager webhook receiver: keeps every alert per receiver path."""

    def __init__(self, port=WEBHOOK_PORT):
        self.alerts = []  # (path, alert)
        self.lock = threading.Lock()
        webhook = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get('Content-Length', 0))
                payload = json.loads(self.rfile.read(length))
                with webhook.lock:
                    webhook.alerts.extend((self.path, a)
                                          for a in payload.get('alerts', []))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', port),
                                                      Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def forget(self):
        """Drops what was received so far."""
        with self.lock:
            self.alerts = []

    def received(self, path=None, **labels):
        with self.lock:
            return [a for p, a in self.alerts
                    if (path is None or p == path) and a['status'] == 'firing'
                    and all(a['labels'].get(k) == v for k, v in labels.items())]

    def wait_for(self, timeout, path=None, **labels):
        wait_until(lambda: self.received(path, **labels), timeout,
                   'alert %r at %s' % (labels, path or 'the webhook'))
        return self.received(path, **labels)


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
        for _, process, _ in self.processes:
            process.terminate()
        for _, process, log in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


def wait_until(condition, timeout, what):
    """Polls `condition` until it returns something true; fails after
    `timeout` seconds with the last error seen."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = condition()
            if result:
                return result
        except Exception as error:  # servers may still be starting
            last_error = error
        time.sleep(0.1)
    raise AssertionError('timed out after %d s waiting for %s (last error: '
                         '%r)' % (timeout, what, last_error))


def api(base, path, **params):
    url = '%s/api/%s?%s' % (base, path, urllib.parse.urlencode(params, True))
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def prometheus_api(path, **params):
    body = api(PROMETHEUS, 'v1/' + path, **params)
    harness.check(body['status'] == 'success', '%s: %r' % (path, body))
    return body['data']


def query(expr):
    return prometheus_api('query', query=expr)['result']


def prometheus_alerts(state=None):
    return [a for a in prometheus_api('alerts')['alerts']
            if state is None or a['state'] == state]


def alertmanager_alerts():
    """Every alert Alertmanager holds, with status.state 'active' or
    'suppressed' (and status.inhibitedBy)."""
    return api(ALERTMANAGER, 'v2/alerts')


def write(path, text):
    with open(path, 'w') as out:
        out.write(text)
    return path


def shipped_alertmanager_config(source_dir):
    """alerts/alertmanager.example.yml with the receivers pointed at the
    webhook (/<receiver name>) and the waits shortened; routes and
    inhibitions unchanged."""
    with open(os.path.join(source_dir, 'alerts',
                           'alertmanager.example.yml')) as source:
        config = yaml.safe_load(source)
    config['route'].update(group_wait='1s', group_interval='1s')
    for receiver in config['receivers']:
        receiver['webhook_configs'] = [{
            'url': 'http://127.0.0.1:%d/%s' % (WEBHOOK_PORT, receiver['name']),
            'send_resolved': False}]
    return yaml.safe_dump(config)


def start(workdir, servers, source_dir, target):
    """Starts Alertmanager and Prometheus (1 s scrapes and evaluations of
    `target`, job portwatch) with the shipped, time-scaled rules."""
    rule_files = []
    for name in ('portwatch.rules.yml', 'portwatch.alerts.yml'):
        with open(os.path.join(source_dir, 'alerts', name)) as rules:
            rule_files.append(write(os.path.join(workdir, name),
                                    rule_override.scale_rules(rules.read())))
    write(os.path.join(workdir, 'alertmanager.yml'),
          shipped_alertmanager_config(source_dir))
    write(os.path.join(workdir, 'prometheus.yml'), yaml.safe_dump({
        'global': {'scrape_interval': '1s', 'evaluation_interval': '1s'},
        'rule_files': rule_files,
        'alerting': {'alertmanagers': [{'static_configs': [
            {'targets': [ALERTMANAGER.split('//')[1]]}]}]},
        'scrape_configs': [{'job_name': 'portwatch', 'static_configs': [
            {'targets': [target]}]}]}))
    servers.start('alertmanager', [
        'prometheus-alertmanager',
        '--config.file=' + os.path.join(workdir, 'alertmanager.yml'),
        '--storage.path=' + os.path.join(workdir, 'am-data'),
        '--web.listen-address=' + ALERTMANAGER.split('//')[1],
        '--cluster.listen-address='])
    servers.start('prometheus', [
        'prometheus',
        '--config.file=' + os.path.join(workdir, 'prometheus.yml'),
        '--storage.tsdb.path=' + os.path.join(workdir, 'prom-data'),
        '--web.listen-address=' + PROMETHEUS.split('//')[1]])


def run_tests(tests, servers, webhook, exporter, workdir, cleanup=None):
    """Runs the stack's tests (harness.run_tests), printing the servers'
    and the exporter's logs when one fails; then calls `cleanup`, stops
    the exporter, the servers and the webhook and removes `workdir`."""
    try:
        harness.run_tests(tests)
    except SystemExit as outcome:
        if outcome.code:
            for name in ('prometheus', 'alertmanager'):
                print('--- %s log ---\n%s' % (name, servers.log_tail(name)))
            print('--- portwatch log ---\n' + exporter.log_text()[-3000:])
        raise
    finally:
        try:
            if cleanup:
                cleanup()
            exporter.stop()
        finally:
            servers.stop()
            webhook.server.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)
