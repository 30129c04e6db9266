"""Connections cannot starve scrapes (issue 23, item 3, and the accept loop
of item 7): a thousand clients that connect and send nothing, ping a wrong
path on keep-alive connections, send wrong passwords or drip a request a
byte a second, while a scraper asks for /metrics: every scrape answered
200 in under a second. With the descriptor limit exhausted the exporter
waits instead of spinning on accept(), and serves again once descriptors
free up."""

import http.client
import os
import shutil
import socket
import statistics
import tempfile
import time

import harness
from hostile_clients import HostileClients
from web_fixtures import bcrypt, write_config

EXPORTER = harness.env_path('PORTWATCH_EXPORTER')
SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
PROCFS_ARGS = ['--path.procfs=' + os.path.join(SOURCE_DIR, 'tests',
                                               'fixtures', 'proc'),
               '--collector.tcp.source=procfs']


def timed_scrapes(port, count, headers=None):
    """(statuses, seconds) of `count` scrapes a tenth of a second apart."""
    statuses, seconds = [], []
    for _ in range(count):
        started = time.monotonic()
        conn = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
        try:
            conn.request('GET', '/metrics', headers=headers or {})
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
        except OSError as error:
            statuses.append(type(error).__name__)
        finally:
            conn.close()
        seconds.append(time.monotonic() - started)
        time.sleep(0.1)
    return statuses, seconds


def check_served(statuses, seconds, what):
    print('%s: scrapes median %.3f s, max %.3f s' % (
        what, statistics.median(seconds), max(seconds)))
    harness.check(statuses == [200] * len(statuses),
                  '%s: statuses %r' % (what, statuses))
    harness.check(max(seconds) < 1, '%s: slowest scrape %.2f s' %
                  (what, max(seconds)))


def flooded(clients, minimum):
    harness.wait_until(lambda: sum(clients.connections.values()) >= minimum,
                       'the clients to connect', timeout=30)


def test_a_thousand_idle_and_pinging_connections():
    with harness.Exporter(EXPORTER, PROCFS_ARGS) as exporter:
        with HostileClients(exporter.port,
                            {'idle': 600, 'pinging': 400}) as clients:
            flooded(clients, 1000)
            harness.wait_until(lambda: clients.answers['404'] >= 400,
                               'every pinger answered', timeout=30)
            statuses, seconds = timed_scrapes(exporter.port, 20)
        check_served(statuses, seconds, '600 idle + 400 pinging')


def test_a_thousand_hostile_connections_with_basic_auth():
    directory = tempfile.mkdtemp()
    try:
        config = os.path.join(directory, 'web.yml')
        write_config(config, users={'prometheus': bcrypt('secret', 10)})
        with harness.Exporter(EXPORTER, PROCFS_ARGS + [
                '--web.config.file=' + config]) as exporter:
            with HostileClients(exporter.port, {
                    'idle': 400, 'pinging': 300, 'wrong_password': 100,
                    'slow': 100, 'garbage': 100}) as clients:
                flooded(clients, 1000)
                harness.wait_until(
                    # Pingers and wrong passwords alike get 401.
                    lambda: clients.answers['401'] >= 400,
                    'the attackers answered',
                    timeout=30)
                token = 'cHJvbWV0aGV1czpzZWNyZXQ='  # prometheus:secret
                statuses, seconds = timed_scrapes(
                    exporter.port, 20, {'Authorization': 'Basic ' + token})
            check_served(statuses, seconds, 'mixed, with basic auth')
    finally:
        shutil.rmtree(directory)


def cpu_seconds(pid):
    with open('/proc/%d/stat' % pid) as stat:
        fields = stat.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def test_no_spinning_when_descriptors_run_out():
    launcher = ['prlimit', '--nofile=48:48']
    with harness.Exporter(EXPORTER, PROCFS_ARGS, launcher=launcher) as exporter:
        with HostileClients(exporter.port, {'slow': 100}) as clients:
            flooded(clients, 100)
            harness.wait_until(
                lambda: len(os.listdir('/proc/%d/fd' % exporter.process.pid))
                >= 46, 'the descriptors to run out')
            before = cpu_seconds(exporter.process.pid)
            started = time.monotonic()
            time.sleep(3)  # the window CPU time is measured over
            used = cpu_seconds(exporter.process.pid) - before
            elapsed = time.monotonic() - started
        print('out of descriptors: %.2f s of CPU in %.1f s' % (used, elapsed))
        harness.check(used < 0.3 * elapsed,
                      'CPU %.2f s in %.1f s: spinning' % (used, elapsed))
        harness.wait_until(lambda: exporter.get()[0] == 200,
                           'serving again', timeout=10)


if __name__ == '__main__':
    harness.run_tests([test_a_thousand_idle_and_pinging_connections,
                       test_a_thousand_hostile_connections_with_basic_auth,
                       test_no_spinning_when_descriptors_run_out])
