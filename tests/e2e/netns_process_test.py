"""Live test of collectors netns and process against the real kernel, as
root. From a namespace of its own, creates three named network namespaces
with different port ranges, reserved ports and loads (the third one's
process sits in a cgroup laid out as a containerd pod's), and checks that
every per-namespace value the exporter publishes equals what `ip netns
exec <ns> ss` and the namespace's sysctls say, with the namespace's labels.
Then: a namespace created and deleted between scrapes; namespaces
appearing and vanishing during scrapes (stress loop). Collector process:
the load processes of the three namespaces and this test's own process
hold exactly what `ss -tanp` says they do (every namespace, and only the
exporter's own); processes exiting during scrapes. Finally an unprivileged
run (both collectors success 0, one log line each, the rest served).

Needs root (ip netns, cgroups). Outside CI it skips with a message (exit
77) when namespaces cannot be created; with CI=true it fails instead."""

import os
import re
import socket
import subprocess
import sys
import threading

import harness
import ss_model
from namespace_load import CONTAINER_ID, POD_UID, Namespaces, run

# Per namespace: its range and the load its process builds there.
NAMESPACES = {
    'a': {'range': ss_model.PortRange(41000, 41199, range(41010, 41020)),
          'time_wait': 120, 'established': 15},
    'b': {'range': ss_model.PortRange(42000, 42059), 'time_wait': 30,
          'established': 8},
    'c': {'range': ss_model.PortRange(43000, 43999), 'time_wait': 10,
          'established': 2, 'pod': True},
}
SCOPE_LABELS = ('netns_name', 'container_id', 'pod_uid')


def namespace_samples(samples, inode):
    """The portwatch_netns_* samples of namespace `inode`, renamed to the
    host-level names and without the namespace's labels (so ss_model can
    check them), and those labels."""
    found, scopes = {}, set()
    for (name, labels), value in samples.items():
        labels = dict(labels)
        if (not name.startswith('portwatch_netns_') or
                labels.pop('netns', None) != str(inode)):
            continue
        scopes.add(tuple((k, labels.pop(k)) for k in SCOPE_LABELS
                         if k in labels))
        host_name = 'portwatch_' + name[len('portwatch_netns_'):]
        found[(host_name, frozenset(labels.items()))] = value
    harness.check(len(scopes) <= 1, 'labels differ within %d: %r' %
                  (inode, scopes))
    return found, dict(scopes.pop()) if scopes else {}


def check_documented(samples):
    """Every family scraped is named in docs/metrics.md."""
    with open(os.path.join(harness.env_path('PORTWATCH_SOURCE_DIR'), 'docs',
                           'metrics.md')) as doc:
        documented = set(re.findall(r'(?:portwatch|process)_[a-z0-9_]+',
                                    doc.read()))
    families = {name for name, _ in samples}
    harness.check(families <= documented, 'not in docs/metrics.md: %r' %
                  sorted(families - documented))


def scrape(exporter):
    status, _, body = exporter.get()
    harness.check(status == 200, 'status %d' % status)
    return harness.parse_metrics(body)


def sysctl_in(name, sysctl):
    return subprocess.run(
        ['ip', 'netns', 'exec', name, 'cat', '/proc/sys/net/ipv4/' + sysctl],
        capture_output=True, text=True, check=True).stdout.split()


# ----------------------------------------------------------------- tests --

def check_namespace(samples, namespaces, key, spec, rows):
    name = namespaces.name(key)
    values, scope = namespace_samples(samples, namespaces.inode(key))
    port_range = spec['range']
    ss_model.compare(values, ss_model.expected_from_ss(rows, port_range),
                     name, port_range.usable)
    first, last = map(int, sysctl_in(name, 'ip_local_port_range'))
    for metric, want in (('portwatch_ephemeral_port_range_first', first),
                         ('portwatch_ephemeral_port_range_last', last),
                         ('portwatch_ephemeral_ports_reserved',
                          len(port_range.reserved)),
                         ('portwatch_ephemeral_ports', port_range.usable)):
        for family in ('ipv4', 'ipv6'):
            got = harness.value(values, metric, family=family)
            harness.check(got == want, '[%s] %s{%s} = %r, want %d' %
                          (name, metric, family, got, want))
    time_wait = harness.value(values, 'portwatch_tcp_sockets', family='ipv4',
                              state='time_wait')
    harness.check(time_wait == spec['time_wait'],
                  '[%s] TIME_WAIT %r' % (name, time_wait))
    want_scope = {'netns_name': name}
    if spec.get('pod'):
        want_scope.update(container_id=CONTAINER_ID, pod_uid=POD_UID)
    harness.check(scope == want_scope, '[%s] labels %r, want %r' %
                  (name, scope, want_scope))


def make_tests(exporter_binary, namespaces):
    args = ['--collector.netns', '--collector.netns.detail-namespaces=10000',
            '--collector.netns.top-destinations=10000',
            '--collector.netns.top-endpoints=10000']

    def matches_ss(source):
        def test():
            rows = {key: ss_model.ss_rows(namespaces.name(key))
                    for key in NAMESPACES}
            with harness.Exporter(exporter_binary, args + [
                    '--collector.tcp.source=' + source]) as exporter:
                samples = scrape(exporter)
            for key, spec in NAMESPACES.items():
                check_namespace(samples, namespaces, key, spec, rows[key])
            for collector in ('netns', 'tcp', 'portrange'):
                harness.check(harness.value(
                    samples, 'portwatch_scrape_collector_success',
                    collector=collector) == 1, collector + ' failed')
            check_documented(samples)
        test.__name__ = 'test_every_namespace_matches_ss_%s' % source
        return test

    def test_namespace_created_and_deleted_between_scrapes():
        with harness.Exporter(exporter_binary, args) as exporter:
            name = namespaces.add('d')
            inode = namespaces.inode('d')
            values, scope = namespace_samples(scrape(exporter), inode)
            harness.check(scope == {'netns_name': name}, 'new: %r' % scope)
            harness.check(harness.value(values, 'portwatch_tcp_sockets',
                                        family='ipv4', state='listen') == 0,
                          'new namespace has listeners')
            run('ip', 'netns', 'del', name)
            values, _ = namespace_samples(scrape(exporter), inode)
            harness.check(not values, 'deleted namespace still published')
            # Between scrapes every thread is back home: none keeps a
            # deleted namespace alive.
            pid = exporter.process.pid
            homes = {os.readlink('/proc/%d/task/%s/ns/net' % (pid, task))
                     for task in os.listdir('/proc/%d/task' % pid)}
            harness.check(homes == {os.readlink('/proc/self/ns/net')},
                          'threads in %r' % homes)

    def vanishing_during_scrapes(launcher, who):
        def test():
            stop = threading.Event()
            churned = [0]

            def churn():
                name = namespaces.name('churn')
                while not stop.is_set():
                    subprocess.run(['ip', 'netns', 'add', name],
                                   capture_output=True)
                    subprocess.run(['unshare', '--net', 'true'],
                                   capture_output=True)
                    subprocess.run(['ip', 'netns', 'del', name],
                                   capture_output=True)
                    churned[0] += 1

            worker = threading.Thread(target=churn)
            worker.start()
            vanished = 0
            try:
                with harness.Exporter(exporter_binary, args,
                                      launcher=launcher) as exporter:
                    for _ in range(40):
                        samples = scrape(exporter)
                        harness.check(harness.value(
                            samples, 'portwatch_scrape_collector_success',
                            collector='netns') == 1, 'netns failed:\n' +
                            exporter.log_text())
                        harness.check(harness.value(
                            samples, 'portwatch_netns_namespaces',
                            result='failed') == 0, 'a namespace failed')
                        vanished += harness.value(
                            samples, 'portwatch_netns_namespaces',
                            result='vanished')
            finally:
                stop.set()
                worker.join()
            harness.check(churned[0] >= 10, 'churn ran %d times' % churned[0])
            print('%s: churned %d namespaces; %d vanished mid-scrape' %
                  (who, churned[0], vanished), flush=True)
        test.__name__ = 'test_namespaces_vanishing_during_scrapes_' + who
        return test

    process_args = ['--collector.process',
                    '--collector.process.top-processes=10000']

    def test_processes_in_every_namespace_match_ss():
        rows = {key: ss_model.ss_rows_with_pids(namespaces.name(key))
                for key in NAMESPACES}
        with harness.Exporter(exporter_binary, process_args + [
                '--collector.process.all-namespaces']) as exporter:
            samples = scrape(exporter)
        harness.check(harness.value(
            samples, 'portwatch_scrape_collector_success',
            collector='process') == 1, 'process failed')
        check_documented(samples)
        for key, spec in NAMESPACES.items():
            pid = namespaces.loads[key].pid
            owned, _ = ss_model.per_process_from_ss(rows[key], spec['range'])
            harness.check(owned[pid][('ipv4', 'established')] ==
                          spec['established'], 'ss: %r' % owned[pid])
            got = {(labels['family'], labels['state']): value
                   for labels, value in harness.series(
                       samples, 'portwatch_process_ephemeral_sockets')
                   if labels['pid'] == str(pid)}
            harness.check(got == dict(owned[pid]), '[%s] pid %d: %r, ss %r' %
                          (key, pid, got, dict(owned[pid])))
            labels = [labels for labels, _ in harness.series(
                samples, 'portwatch_process_ephemeral_sockets')
                if labels['pid'] == str(pid)][0]
            harness.check(labels['netns'] == str(namespaces.inode(key)) and
                          labels['process'] == 'python3', 'labels %r' % labels)

    def test_only_the_exporters_namespace_by_default():
        listener = socket.socket()
        listener.bind(('127.0.0.1', 0))
        listener.listen(16)
        clients = [socket.create_connection(listener.getsockname())
                   for _ in range(7)]
        try:
            with harness.Exporter(exporter_binary, process_args) as exporter:
                rows, samples = ss_model.scrape_with_snapshot(exporter)
        finally:
            for client in clients:
                client.close()
            listener.close()
        mine = {(labels['family'], labels['state']): value
                for labels, value in harness.series(
                    samples, 'portwatch_process_ephemeral_sockets')
                if labels['pid'] == str(os.getpid())}
        # The seven clients, the scrape's own connection, and the listener
        # (bound to port 0: on an ephemeral port too).
        harness.check(mine == {('ipv4', 'established'): 8,
                               ('ipv4', 'listen'): 1}, 'mine %r' % mine)
        for key in NAMESPACES:
            pid = str(namespaces.loads[key].pid)
            harness.check(not [labels for labels, _ in harness.series(
                samples, 'portwatch_process_ephemeral_sockets')
                if labels['pid'] == pid], key + ' seen from outside')

    def test_processes_exiting_during_scrapes():
        listener = socket.socket()
        listener.bind(('127.0.0.1', 0))
        listener.listen(4096)
        port = listener.getsockname()[1]
        stop = threading.Event()
        spawned = [0]

        def churn():
            while not stop.is_set():
                subprocess.run([sys.executable, '-c',
                                'import socket\n'
                                'held = [socket.create_connection(('
                                '"127.0.0.1", %d)) for _ in range(20)]' %
                                port], capture_output=True)
                spawned[0] += 1

        def drain():
            while not stop.is_set():
                try:
                    listener.accept()[0].close()
                except OSError:
                    return

        workers = [threading.Thread(target=churn),
                   threading.Thread(target=drain)]
        for worker in workers:
            worker.start()
        try:
            with harness.Exporter(exporter_binary,
                                  process_args) as exporter:
                for _ in range(30):
                    samples = scrape(exporter)
                    harness.check(harness.value(
                        samples, 'portwatch_scrape_collector_success',
                        collector='process') == 1, 'process failed:\n' +
                        exporter.log_text())
        finally:
            stop.set()
            listener.shutdown(socket.SHUT_RDWR)
            listener.close()
            for worker in workers:
                worker.join()
        harness.check(spawned[0] >= 5, 'spawned %d' % spawned[0])

    def test_unprivileged_run_reports_failure_and_serves():
        launcher = ['setpriv', '--reuid=65534', '--regid=65534',
                    '--clear-groups', '--inh-caps=-all']
        with harness.Exporter(exporter_binary, args + process_args,
                              launcher=launcher) as exporter:
            for _ in range(3):
                samples = scrape(exporter)
            for collector, want in (('netns', 0), ('process', 0), ('tcp', 1),
                                    ('portrange', 1)):
                harness.check(harness.value(
                    samples, 'portwatch_scrape_collector_success',
                    collector=collector) == want,
                    '%s success, want %d' % (collector, want))
            for collector, needs in (('netns', 'CAP_SYS_ADMIN'),
                                     ('process', 'CAP_DAC_READ_SEARCH')):
                failures = exporter.logged('collector failed',
                                           collector=collector)
                harness.check(len(failures) == 1, 'logged %d times:\n%s' %
                              (len(failures), exporter.log_text()))
                harness.check(needs in failures[0].get('err', ''),
                              'log says %r' % failures[0])

    return [matches_ss('netlink'), matches_ss('procfs'),
            test_namespace_created_and_deleted_between_scrapes,
            vanishing_during_scrapes((), 'root'),
            # With only what collector netns needs: `ip netns add` and `del`
            # leave a bare mount point (mode 0) that only root could open.
            vanishing_during_scrapes(
                harness.nobody_with(['sys_admin', 'sys_ptrace']),
                'nobody_with_capabilities'),
            test_processes_in_every_namespace_match_ss,
            test_only_the_exporters_namespace_by_default,
            test_processes_exiting_during_scrapes,
            test_unprivileged_run_reports_failure_and_serves]


def main_inside():
    exporter_binary = harness.env_path('PORTWATCH_EXPORTER')
    namespaces = Namespaces('pwnc%d' % os.getpid())
    try:
        for key, spec in NAMESPACES.items():
            namespaces.start(key, spec)
        harness.run_tests(make_tests(exporter_binary, namespaces))
    finally:
        namespaces.close()


if __name__ == '__main__':
    if '--inside' in sys.argv:
        main_inside()
    else:
        sys.exit(harness.run_inside_new_netns(__file__, 'portwatch-nsp'))
