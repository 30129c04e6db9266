"""Live test of collector connect_failures (eBPF) against the real kernel,
as root, from a network namespace of its own.

- Namespace A, ip_local_port_range narrowed to 100 ports: 100 connections
  to one destination succeed, 37 more connect() calls (blocking and
  non-blocking) fail with EADDRNOTAVAIL, and the exporter counts exactly 37
  for that destination, family and process name in that namespace;
  connections to a second destination still succeed and count nothing;
  bind(0) then fails with EADDRINUSE, counted exactly. Failures that are
  not port allocation count nothing: a connect() from a non-local source
  address, a bind() to one, and a connect() from a fixed bound port whose
  4-tuple is taken (EADDRNOTAVAIL too).
- Namespace B: the same load, smaller, attributed to B; there TCP Fast
  Open's sendto(MSG_FASTOPEN), which picks its port without connect(),
  counts too.
- More distinct failing destinations than the kernel map holds (IPv6):
  the totals stay exact and what was evicted is in `other`.
- Unprivileged: success 0, one log line naming what is missing, the rest
  served; with the collector off no BPF program is loaded; on exit the
  programs are gone.

Needs root, ip netns, tracefs (mounted here when it is not) and a kernel
with BTF. Outside CI it skips (exit 77) when namespaces cannot be created;
with CI=true it fails instead."""

import ctypes
import errno
import json
import os
import socket
import subprocess
import sys

import harness
from namespace_load import Namespaces, run

LISTEN_PORTS = (7001, 7002)
# IP_BIND_ADDRESS_NO_PORT and IP_FREEBIND (linux/in.h).
IP_BIND_ADDRESS_NO_PORT = 24
IP_FREEBIND = 15
NON_LOCAL = '192.0.2.1'  # TEST-NET-1: never assigned here
FAMILY = {'ipv4': socket.AF_INET, 'ipv6': socket.AF_INET6}

# ------------------------------------------------------------------ load --


def name_process(name):
    """Sets this process's comm (what the exporter reports as `process`)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(15, name.encode(), 0, 0, 0)  # PR_SET_NAME


def failing_errno(call):
    try:
        call()
    except OSError as error:
        return error.errno
    return 0


def connect(address, port, blocking=True, family=socket.AF_INET):
    """A connected socket, or the errno of the failed connect()."""
    sock = socket.socket(family)
    sock.setblocking(blocking)
    code = sock.connect_ex((address, port))
    if code in (0, errno.EINPROGRESS):
        return sock, 0
    sock.close()
    return None, code


def not_port_allocation():
    """Calls that fail, but not for want of a port; their errnos."""
    found = {}
    # A connect() from a non-local source (bound without a port, so the
    # port would be picked at connect) fails at routing.
    sock = socket.socket()
    sock.setsockopt(socket.SOL_IP, IP_FREEBIND, 1)
    sock.setsockopt(socket.SOL_IP, IP_BIND_ADDRESS_NO_PORT, 1)
    sock.bind((NON_LOCAL, 0))
    found['connect_from_non_local'] = sock.connect_ex(('127.0.0.1', 7001))
    sock.close()
    # bind() to a non-local address and port 0: EADDRNOTAVAIL, not INUSE.
    found['bind_non_local'] = failing_errno(
        lambda: socket.socket().bind((NON_LOCAL, 0)))
    # Two sockets bound to one fixed port: the second connect() to the same
    # destination finds its 4-tuple taken (EADDRNOTAVAIL, no port picked).
    first, second = socket.socket(), socket.socket()
    for sock in (first, second):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(('127.0.0.1', 50000))
    first.connect(('127.0.0.1', 7001))
    found['fixed_port_taken'] = second.connect_ex(('127.0.0.1', 7001))
    first.close()
    second.close()
    return found


def main_load(spec):
    """Runs inside a namespace (--load JSON); prints what happened as JSON."""
    name_process(spec['comm'])
    family = FAMILY[spec.get('family', 'ipv4')]
    report = {'errnos': {}}
    if spec.get('distinct_destinations'):
        # Every port of the range held by bind(): connect() to any
        # destination finds no port.
        held = []
        for _ in range(spec['ports']):
            sock = socket.socket(family)
            sock.bind(('::' if family == socket.AF_INET6 else '0.0.0.0', 0))
            held.append(sock)
        for i in range(spec['distinct_destinations']):
            _, code = connect('2001:db8::%x' % (i + 2), 80, family=family)
            report['errnos'][code] = report['errnos'].get(code, 0) + 1
        print(json.dumps(report), flush=True)
        return
    listeners = []
    for port in LISTEN_PORTS:
        listener = socket.socket()
        listener.bind(('127.0.0.1', port))
        listener.listen(4096)
        listeners.append(listener)
    if spec.get('not_port_allocation'):  # before the range runs out
        report['not_port_allocation'] = not_port_allocation()
    held = []
    for _ in range(spec['ports']):
        sock, code = connect('127.0.0.1', 7001)
        harness.check(code == 0, 'connect %d failed: %d' % (len(held), code))
        held.append(sock)
    failed = {'blocking': 0, 'nonblocking': 0}
    for i in range(spec['failures']):
        mode = 'blocking' if i % 2 == 0 else 'nonblocking'
        sock, code = connect('127.0.0.1', 7001, blocking=(mode == 'blocking'))
        harness.check(code == errno.EADDRNOTAVAIL,
                      'connect %d: errno %d' % (i, code))
        failed[mode] += 1
    report['failed'] = failed
    # Another destination: the same ports serve it.
    for _ in range(spec.get('second_destination', 0)):
        sock, code = connect('127.0.0.1', 7002)
        harness.check(code == 0, 'second destination: errno %d' % code)
        held.append(sock)
    report['fastopen_errnos'] = [
        failing_errno(lambda: socket.socket().sendto(
            b'x', socket.MSG_FASTOPEN, ('127.0.0.1', 7001)))
        for _ in range(spec.get('fastopen', 0))]
    report['bind_errnos'] = [
        failing_errno(lambda: socket.socket().bind(('0.0.0.0', 0)))
        for _ in range(spec.get('binds', 0))]
    print(json.dumps(report), flush=True)


# ----------------------------------------------------------------- tests --


def load_in(namespace, spec, prefix=()):
    result = subprocess.run(
        ['ip', 'netns', 'exec', namespace] + list(prefix) +
        [sys.executable, os.path.abspath(__file__), '--load',
         json.dumps(spec)], capture_output=True, text=True, timeout=120)
    harness.check(result.returncode == 0, 'load in %s failed:\n%s' %
                  (namespace, result.stdout + result.stderr))
    return json.loads(result.stdout.strip().splitlines()[-1])


def limit_range(namespace, first, last):
    run('ip', 'netns', 'exec', namespace, 'sh', '-c',
        'echo "%d %d" > /proc/sys/net/ipv4/ip_local_port_range' % (first, last))


def scrape(exporter):
    status, _, body = exporter.get()
    harness.check(status == 200, 'status %d' % status)
    return harness.parse_metrics(body)


def counter(samples, name, **labels):
    return harness.value(samples, name, **labels) or 0


def total(samples, family, operation):
    return counter(samples, 'portwatch_port_allocation_failures_total',
                   family=family, operation=operation,
                   errno='EADDRNOTAVAIL' if operation == 'connect'
                   else 'EADDRINUSE')


def family_sum(samples, name, **labels):
    """Sum of the samples of `name` whose labels include `labels`."""
    return sum(value for found, value in harness.series(samples, name)
               if all(found.get(k) == v for k, v in labels.items()))


def program_ids(pid):
    """Ids of the BPF programs process `pid` holds open."""
    ids = set()
    fd_dir = '/proc/%d/fd' % pid
    for fd in os.listdir(fd_dir):
        try:
            if os.readlink(os.path.join(fd_dir, fd)) != 'anon_inode:bpf-prog':
                continue
            with open('/proc/%d/fdinfo/%s' % (pid, fd)) as info:
                for line in info:
                    if line.startswith('prog_id:'):
                        ids.add(int(line.split()[1]))
        except OSError:
            continue
    return ids


def program_exists(prog_id):
    return subprocess.run(['bpftool', 'prog', 'show', 'id', str(prog_id)],
                          capture_output=True).returncode == 0


def make_tests(exporter_binary, namespaces):
    # Every namespace shown, so that they add up to the totals.
    args = ['--collector.connect_failures', '--collector.netns',
            '--collector.connect_failures.top-namespaces=1000']

    def test_counts_exactly_per_destination_process_and_namespace():
        a, b = namespaces.add('a'), namespaces.add('b')
        limit_range(a, 45000, 45099)
        limit_range(b, 45000, 45009)
        with harness.Exporter(exporter_binary, args) as exporter:
            before = scrape(exporter)
            harness.check(counter(before, 'portwatch_scrape_collector_success',
                                  collector='connect_failures') == 1,
                          'collector failed:\n' + exporter.log_text())
            report_a = load_in(a, {'comm': 'pwfail-a', 'ports': 100,
                                   'failures': 37, 'second_destination': 20,
                                   'binds': 5, 'not_port_allocation': True})
            report_b = load_in(b, {'comm': 'pwfail-b', 'ports': 10,
                                   'failures': 3, 'fastopen': 2})
            after = scrape(exporter)
        harness.check(report_a['failed'] == {'blocking': 19,
                                             'nonblocking': 18},
                      'load a: %r' % report_a)
        harness.check(report_a['bind_errnos'] == [errno.EADDRINUSE] * 5,
                      'bind: %r' % report_a['bind_errnos'])
        harness.check(report_b['fastopen_errnos'] ==
                      [errno.EADDRNOTAVAIL] * 2, 'fast open: %r' % report_b)
        others = report_a['not_port_allocation']
        harness.check(others['connect_from_non_local'] == errno.ENETUNREACH and
                      others['bind_non_local'] == errno.EADDRNOTAVAIL and
                      others['fixed_port_taken'] == errno.EADDRNOTAVAIL,
                      'not port allocation: %r' % others)
        inode_a, inode_b = str(namespaces.inode('a')), str(namespaces.inode('b'))
        destination = 'portwatch_port_allocation_failures_by_destination_total'
        got = counter(after, destination, netns=inode_a, family='ipv4',
                      remote_address='127.0.0.1', remote_port='7001')
        harness.check(got == 37, 'destination 7001 in a: %r' % got)
        harness.check(family_sum(after, destination, netns=inode_a) == 37,
                      'other destinations in a: %r' %
                      harness.series(after, destination))
        harness.check(counter(after, destination, netns=inode_b,
                              family='ipv4', remote_address='127.0.0.1',
                              remote_port='7001') == 3 + 2,
                      'destination in b')
        process = 'portwatch_port_allocation_failures_by_process_total'
        harness.check(counter(after, process, netns=inode_a,
                              process='pwfail-a') == 37 + 5,
                      'process a: %r' % harness.series(after, process))
        harness.check(counter(after, process, netns=inode_b,
                              process='pwfail-b') == 5, 'process b')
        netns = 'portwatch_port_allocation_failures_by_netns_total'
        harness.check(counter(after, netns, netns=inode_a,
                              netns_name=a) == 42, 'namespace a: %r' %
                      harness.series(after, netns))
        harness.check(counter(after, netns, netns=inode_b,
                              netns_name=b) == 5, 'namespace b')
        # Host-wide totals also count other tests' failures: at least ours,
        # and exactly what the namespaces add up to.
        grew = {key: total(after, *key) - total(before, *key)
                for key in (('ipv4', 'connect'), ('ipv4', 'bind'),
                            ('ipv6', 'connect'), ('ipv6', 'bind'))}
        harness.check(grew[('ipv4', 'connect')] >= 37 + 5 and
                      grew[('ipv4', 'bind')] >= 5, 'totals: %r' % grew)
        harness.check(sum(grew.values()) ==
                      family_sum(after, netns) - family_sum(before, netns),
                      'totals %r vs namespaces' % grew)

    def test_evictions_land_in_other_and_totals_stay_exact():
        c = namespaces.add('c')
        limit_range(c, 46000, 46009)
        run('ip', '-n', c, 'addr', 'add', '2001:db8::1/64', 'dev', 'lo',
            'nodad')
        distinct = 300
        with harness.Exporter(exporter_binary, args + [
                '--collector.connect_failures.map-entries=64',
                '--collector.connect_failures.max-tracked-keys=50',
                '--collector.connect_failures.top-destinations=5']) as exporter:
            before = scrape(exporter)
            report = load_in(c, {'comm': 'pwfail-c', 'family': 'ipv6',
                                 'ports': 10,
                                 'distinct_destinations': distinct})
            after = scrape(exporter)
        harness.check(report['errnos'] == {str(errno.EADDRNOTAVAIL): distinct},
                      'load c: %r' % report)
        grew = total(after, 'ipv6', 'connect') - total(before, 'ipv6',
                                                       'connect')
        harness.check(grew == distinct, 'ipv6 connect total grew %d' % grew)
        # Other tests' IPv4 failures meanwhile may be evicted into `other`.
        noise = (total(after, 'ipv4', 'connect') -
                 total(before, 'ipv4', 'connect'))
        destination = 'portwatch_port_allocation_failures_by_destination_total'
        other = (counter(after, destination, remote_address='other') -
                 counter(before, destination, remote_address='other'))
        shown = family_sum(after, destination, netns=str(namespaces.inode('c')))
        keys = counter(after, 'portwatch_port_allocation_failure_keys',
                       breakdown='destination')
        harness.check(other > 0, 'nothing evicted')
        harness.check(len([1 for labels, _ in harness.series(
            after, destination) if labels.get('netns')]) <= 5, 'top-K')
        harness.check(keys <= 50, 'tracked %r' % keys)
        # Each tracked key counted once; shown (top 5) + other + the tracked
        # rest = distinct, so shown + other <= distinct <= keys + other.
        harness.check(shown + other <= distinct + noise <= keys + other + noise,
                      'shown %r other %r keys %r' % (shown, other, keys))

    def test_unprivileged_run_says_what_is_missing_and_serves():
        launcher = harness.nobody_with([])
        with harness.Exporter(exporter_binary, ['--collector.connect_failures'],
                              launcher=launcher) as exporter:
            for _ in range(3):
                samples = scrape(exporter)
                harness.check(counter(samples,
                                      'portwatch_scrape_collector_success',
                                      collector='connect_failures') == 0,
                              'unprivileged collector succeeded')
                harness.check(counter(samples,
                                      'portwatch_scrape_collector_success',
                                      collector='tcp') == 1, 'tcp failed')
            lines = exporter.logged('collector failed',
                                    collector='connect_failures')
            harness.check(len(lines) == 1 and 'CAP_BPF' in lines[0]['err'],
                          'log: %r' % lines)
            harness.check(not program_ids(exporter.process.pid),
                          'programs loaded without privileges')

    def test_programs_only_while_on_and_gone_after_exit():
        with harness.Exporter(exporter_binary, []) as exporter:
            scrape(exporter)
            harness.check(not program_ids(exporter.process.pid),
                          'programs loaded with the collector off')
        with harness.Exporter(exporter_binary, args) as exporter:
            scrape(exporter)
            loaded = program_ids(exporter.process.pid)
            harness.check(len(loaded) == 3, 'programs: %r' % loaded)
        harness.check(not [i for i in loaded if program_exists(i)],
                      'programs left after exit: %r' % loaded)

    return [test_counts_exactly_per_destination_process_and_namespace,
            test_evictions_land_in_other_and_totals_stay_exact,
            test_unprivileged_run_says_what_is_missing_and_serves,
            test_programs_only_while_on_and_gone_after_exit]


def main_inside():
    exporter_binary = harness.env_path('PORTWATCH_EXPORTER')
    harness.ensure_tracefs()
    namespaces = Namespaces('pwcf%d' % os.getpid())
    try:
        harness.run_tests(make_tests(exporter_binary, namespaces))
    finally:
        namespaces.close()


if __name__ == '__main__':
    if '--load' in sys.argv:
        main_load(json.loads(sys.argv[sys.argv.index('--load') + 1]))
    elif '--inside' in sys.argv:
        main_inside()
    else:
        sys.exit(harness.run_inside_new_netns(__file__, 'portwatch-cf'))
