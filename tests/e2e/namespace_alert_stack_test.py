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

Needs root (ip netns, cgroups). Outside CI it skips (exit 77) when
namespaces cannot be created; with CI=true it fails instead."""

import os
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
    workdir = tempfile.mkdtemp(prefix='portwatch-nsstack-')
    servers = stack.Servers(workdir)
    webhook = stack.Webhook()
    namespaces = Namespaces('pwns%d' % os.getpid())
    exporter = harness.Exporter(harness.env_path('PORTWATCH_EXPORTER'),
                                ['--collector.netns'],
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

    stack.run_tests([test_only_the_starved_namespace_pages], servers, webhook,
                    exporter, workdir, namespaces.close)

if __name__ == '__main__':
    if '--inside' in sys.argv:
        main_inside()
    else:
        sys.exit(harness.run_inside_new_netns(__file__, 'portwatch-nsstack'))
