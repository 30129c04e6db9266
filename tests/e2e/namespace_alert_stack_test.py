"""Full-stack test of the per-namespace alert: portwatch with collector
netns, Prometheus with the shipped (time-scaled) rules, Alertmanager with
the shipped example config and a webhook, all on loopback inside a network
namespace this test creates (as tests/e2e/alerting_stack_test.py).

Three more named namespaces, each with a 100-port range and a process
holding connections in it: `starved` (its process sits in a cgroup laid
out as a containerd pod's) holds 95 of its 100 ports towards one
destination, `busy` 30, `idle` none. PortwatchNamespaceEphemeralPortsRunningLow
must page for `starved` only, with its namespace, pod UID and container id
in the alert's labels; `busy` and `idle` never fire or pend, and the
exporter's own (quiet) namespace raises nothing. (Namespaces of other tests
running at the same time are seen too and left out of the checks.)

Then a process in `starved` takes its last free ports and keeps calling
connect() (EADDRNOTAVAIL), counted by collector connect_failures (eBPF):
PortwatchPortAllocationFailures must page with family, operation and errno,
naming the destination and the process; once the calls stop it must
resolve (Prometheus and Alertmanager hold it no more). Other tests that
make ports run out share a CTest resource lock with this one, so nothing
else keeps the host-wide alert firing.

Needs root (ip netns, cgroups). Outside CI it skips (exit 77) when
namespaces cannot be created; with CI=true it fails instead."""

import os
import subprocess
import sys
import tempfile
import time

import harness
import ss_model
import stack
from namespace_load import CONTAINER_ID, POD_UID, Namespaces

SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
EXPORTER_ADDRESS = '127.0.0.1:10058'
ALERT = 'PortwatchNamespaceEphemeralPortsRunningLow'
FAILURES_ALERT = 'PortwatchPortAllocationFailures'
# Runs in the starved namespace: takes the free ports towards the load's
# destination, then calls connect() there every 0.2 s until stdin closes.
STARVER = """
import ctypes, errno, socket, sys, threading, time
ctypes.CDLL(None).prctl(15, b'pwstarver', 0, 0, 0)
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()),
                 daemon=True).start()
held, failed = [], 0
while not stop.is_set():
    sock = socket.socket()
    code = sock.connect_ex(('127.0.0.1', 7003))
    if code == 0:
        held.append(sock)
    elif code == errno.EADDRNOTAVAIL:
        failed += 1
        if failed == 1:
            print('failing', flush=True)
        sock.close()
    else:
        raise SystemExit('connect: errno %d' % code)
    time.sleep(0.2 if failed else 0)
"""
PAGER = '/portwatch-pager'
LOADS = {
    'starved': {'range': ss_model.PortRange(45000, 45099), 'time_wait': 0,
                'established': 95, 'pod': True},
    'busy': {'range': ss_model.PortRange(45000, 45099), 'time_wait': 0,
             'established': 30},
    'idle': {'range': ss_model.PortRange(45000, 45099), 'time_wait': 0,
             'established': 0},
}


def ours(labels, prefix):
    """Whether an alert concerns this test: a host-level alert (of the
    exporter's own, quiet namespace) or one of the namespaces it made.
    Other tests may run at the same time with hot namespaces of their own,
    which this exporter sees too."""
    name = labels.get('netns_name', '')
    return 'netns' not in labels or name.startswith(prefix)


def main_inside():
    harness.ensure_tracefs()
    workdir = tempfile.mkdtemp(prefix='portwatch-nsstack-')
    servers = stack.Servers(workdir)
    webhook = stack.Webhook()
    namespaces = Namespaces('pwns%d' % os.getpid())
    exporter = harness.Exporter(harness.env_path('PORTWATCH_EXPORTER'),
                                ['--collector.netns',
                                 '--collector.connect_failures'],
                                listen=EXPORTER_ADDRESS)

    def test_only_the_starved_namespace_pages():
        stack.start(workdir, servers, SOURCE_DIR, EXPORTER_ADDRESS)
        stack.wait_until(
            lambda: stack.query('portwatch:netns_ephemeral_port_utilization'
                                ':peak_ratio'), 60,
            'the per-namespace rules to be evaluated')
        stack.wait_until(
            lambda: not [a for a in stack.prometheus_alerts()
                         if ours(a['labels'], namespaces.prefix)], 30,
            'the start-up alerts to clear')
        webhook.forget()
        started = time.monotonic()
        for key, spec in LOADS.items():
            namespaces.start(key, spec)
        starved = namespaces.name('starved')
        want = {'alertname': ALERT, 'severity': 'critical',
                'scope': 'destination', 'family': 'ipv4',
                'netns': str(namespaces.inode('starved')),
                'netns_name': starved, 'pod_uid': POD_UID,
                'container_id': CONTAINER_ID}
        stack.wait_until(lambda: webhook.received(PAGER, **want), 60,
                         'the starved namespace to page (webhook got %r)' %
                         webhook.alerts)
        print('namespace alert paged %.1f s after the load started' %
              (time.monotonic() - started), flush=True)
        # Hold on a little longer than the scaled `for:` of the warning:
        # nothing else may start firing meanwhile.
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            alerts = [a['labels'] for a in stack.prometheus_alerts()
                      if ours(a['labels'], namespaces.prefix)]
            harness.check(all(a.get('netns_name') == starved
                              for a in alerts), 'alerts %r' % alerts)
            time.sleep(0.5)
        for _, alert in webhook.alerts:
            harness.check(not ours(alert['labels'], namespaces.prefix) or
                          alert['labels'].get('netns_name') == starved,
                          'webhook got %r' % alert['labels'])
        description = webhook.received(PAGER, **want)[0]['annotations'][
            'description']
        harness.check(starved in description and POD_UID in description,
                      'description: ' + description)

    def failures_alerts():
        return ([a for a in stack.prometheus_alerts()
                 if a['labels']['alertname'] == FAILURES_ALERT] +
                [a for a in stack.alertmanager_alerts()
                 if a['labels']['alertname'] == FAILURES_ALERT and
                 a['status']['state'] != 'unprocessed'])

    def test_port_allocation_failures_page_and_resolve():
        samples = harness.parse_metrics(exporter.get()[2])
        harness.check(harness.value(
            samples, 'portwatch_scrape_collector_success',
            collector='connect_failures') == 1,
            'connect_failures failed:\n' + exporter.log_text())
        harness.check(not failures_alerts(), 'already firing: %r' %
                      failures_alerts())
        starver = subprocess.Popen(
            ['ip', 'netns', 'exec', namespaces.name('starved'),
             sys.executable, '-c', STARVER],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            harness.check(starver.stdout.readline() == 'failing\n',
                          'the starver never failed')
            started = time.monotonic()
            want = {'alertname': FAILURES_ALERT, 'severity': 'critical',
                    'family': 'ipv4', 'operation': 'connect',
                    'errno': 'EADDRNOTAVAIL'}
            stack.wait_until(lambda: webhook.received(PAGER, **want), 60,
                             'the failures to page (webhook got %r)' %
                             webhook.alerts)
            print('failures paged %.1f s after the first one' %
                  (time.monotonic() - started), flush=True)
            description = webhook.received(PAGER, **want)[0]['annotations'][
                'description']
            harness.check('127.0.0.1:7003' in description and
                          'pwstarver' in description,
                          'description: ' + description)
        finally:
            starver.stdin.close()
            starver.wait(timeout=30)
        stopped = time.monotonic()
        stack.wait_until(lambda: not failures_alerts(), 120,
                         'the failures alert to resolve (still %r)' %
                         failures_alerts())
        print('failures alert resolved %.1f s after the calls stopped' %
              (time.monotonic() - stopped), flush=True)

    stack.run_tests([test_only_the_starved_namespace_pages,
                     test_port_allocation_failures_page_and_resolve],
                    servers, webhook, exporter, workdir, namespaces.close)

if __name__ == '__main__':
    if '--inside' in sys.argv:
        main_inside()
    else:
        sys.exit(harness.run_inside_new_netns(__file__, 'portwatch-nsstack'))
