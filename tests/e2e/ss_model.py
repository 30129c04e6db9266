"""What `ss` says the tcp collector should publish: reads `ss -Htan` (in
the current or another network namespace), computes every aggregate of
collector tcp from its rows for a given port range, and compares them with
scraped samples. Shared by the live tests of collectors tcp and netns.
Standard library only."""

import collections
import ipaddress
import re
import socket
import subprocess

import harness

STATE_NAMES = {
    'ESTAB': 'established', 'SYN-SENT': 'syn_sent', 'SYN-RECV': 'syn_recv',
    'FIN-WAIT-1': 'fin_wait1', 'FIN-WAIT-2': 'fin_wait2',
    'TIME-WAIT': 'time_wait', 'UNCONN': 'close', 'CLOSE-WAIT': 'close_wait',
    'LAST-ACK': 'last_ack', 'LISTEN': 'listen', 'CLOSING': 'closing'}
CONTRACT_STATES = list(STATE_NAMES.values()) + ['bound_inactive']


class PortRange:
    """A dynamic port range with its reserved ports."""

    def __init__(self, first, last, reserved=()):
        self.first, self.last, self.reserved = first, last, set(reserved)

    def is_ephemeral(self, port):
        return self.first <= port <= self.last and port not in self.reserved

    @property
    def usable(self):
        return self.last - self.first + 1 - len(self.reserved)


def ss_rows(netns=None):
    """Every TCP socket `ss` reports, in `netns` (an `ip netns` name) or
    here: (family, state, local ip, local port, peer ip, peer port)."""
    return [row for row, _ in ss_rows_with_pids(netns, False)]


def ss_rows_with_pids(netns=None, processes=True):
    """ss_rows, each with the set of pids `ss -p` says hold the socket."""
    prefix = ['ip', 'netns', 'exec', netns] if netns else []
    rows = []
    for flag, family in (('-4', 'ipv4'), ('-6', 'ipv6')):
        output = subprocess.run(
            prefix + ['ss', '-Htan' + ('p' if processes else ''), flag],
            capture_output=True, text=True, check=True).stdout
        for line in output.splitlines():
            fields = line.split()
            local_ip, local_port = split_endpoint(fields[3])
            peer_ip, peer_port = split_endpoint(fields[4])
            pids = set(int(pid) for pid in re.findall(r'pid=(\d+)', line))
            rows.append(((family, STATE_NAMES[fields[0]], local_ip,
                          local_port, peer_ip, peer_port), pids))
    return rows


def per_process_from_ss(rows_with_pids, port_range):
    """{pid: Counter((family, state))} of the sockets on usable ephemeral
    ports each process holds, and the Counter of those nobody holds."""
    owned = collections.defaultdict(collections.Counter)
    unowned = collections.Counter()
    for (family, state, _, local_port, _, _), pids in rows_with_pids:
        if not port_range.is_ephemeral(local_port):
            continue
        for pid in pids:
            owned[pid][(family, state)] += 1
        if not pids:
            unowned[(family, state)] += 1
    return owned, unowned


def split_endpoint(text):
    host, port = text.rsplit(':', 1)
    host = host.strip('[]').split('%')[0]
    if host == '*':
        host = '0.0.0.0'
    return ipaddress.ip_address(host), 0 if port == '*' else int(port)


def expected_from_ss(rows, port_range, bound_ports=(), bound_visible=False):
    """Every aggregate the tcp collector publishes, computed from ss rows
    (plus the bound-only sockets ss 6.1 cannot list)."""
    expected = {'sockets': collections.Counter(),
                'ephemeral': collections.Counter(),
                'ports': collections.defaultdict(set),
                'time_wait': collections.Counter(),
                'destinations': collections.Counter()}
    for family, state, local_ip, local_port, peer_ip, peer_port in rows:
        expected['sockets'][(family, state)] += 1
        if not port_range.is_ephemeral(local_port):
            continue
        # Only client-side TIME_WAIT (on an ephemeral port) is per endpoint.
        if state == 'time_wait':
            expected['time_wait'][(family, peer_ip, peer_port)] += 1
        expected['ephemeral'][(family, state)] += 1
        expected['ports'][family].add(local_port)
        if peer_port:
            expected['destinations'][(family, local_ip, peer_ip, peer_port)] += 1
    if bound_visible:
        expected['sockets'][('ipv4', 'bound_inactive')] += len(bound_ports)
        for port in bound_ports:
            if port_range.is_ephemeral(port):
                expected['ephemeral'][('ipv4', 'bound_inactive')] += 1
                expected['ports']['ipv4'].add(port)
    return expected


def labelled_ip(text):
    return ipaddress.ip_address(text)


def compare(samples, expected, where, usable, detail=True):
    """Checks every tcp aggregate in `samples` against `expected`
    (expected_from_ss); `detail`: also the ephemeral counts and the
    TIME_WAIT and destination tables."""
    where = '[%s] ' % where
    metrics = [('portwatch_tcp_sockets', 'sockets')]
    if detail:
        metrics.append(('portwatch_tcp_ephemeral_sockets', 'ephemeral'))
    for family in ('ipv4', 'ipv6'):
        for state in CONTRACT_STATES:
            for metric, key in metrics:
                got = harness.value(samples, metric, family=family,
                                    state=state)
                want = expected[key][(family, state)]
                harness.check(got == want, where + '%s{%s,%s} = %r, ss says %d'
                              % (metric, family, state, got, want))
        got = harness.value(samples, 'portwatch_ephemeral_ports_in_use',
                            family=family)
        want = len(expected['ports'][family])
        harness.check(got == want, where + 'ports_in_use{%s} = %r, want %d' %
                      (family, got, want))
        # IPv4 and IPv6 share one port space: host scope is for both only.
        ratio = harness.value(samples,
                              'portwatch_ephemeral_port_utilization_ratio',
                              family=family, scope='host')
        harness.check(ratio is None, where + 'per-family host ratio %r' % ratio)
    union = len(expected['ports']['ipv4'] | expected['ports']['ipv6'])
    got = harness.value(samples, 'portwatch_ephemeral_ports_in_use',
                        family='all')
    harness.check(got == union, where + 'ports_in_use{all} = %r, want %d' %
                  (got, union))
    ratio = harness.value(samples, 'portwatch_ephemeral_port_utilization_ratio',
                          family='all', scope='host')
    # The text format keeps 16 significant digits.
    harness.check(ratio is not None and abs(ratio - union / usable) < 1e-12,
                  where + 'host ratio %r, want %r' % (ratio, union / usable))
    for family in ('ipv4', 'ipv6'):
        busiest = max([count for key, count in
                       expected['destinations'].items() if key[0] == family],
                      default=0)
        ratio = harness.value(
            samples, 'portwatch_ephemeral_port_utilization_ratio',
            family=family, scope='destination')
        harness.check(ratio is not None and
                      abs(ratio - busiest / usable) < 1e-12,
                      where + 'destination ratio{%s} %r, want %r' %
                      (family, ratio, busiest / usable))
    if not detail:
        return
    time_wait = {(l['family'], labelled_ip(l['remote_address']),
                  int(l['remote_port'])): v for l, v in harness.series(
                      samples, 'portwatch_tcp_time_wait_sockets')}
    harness.check(time_wait == dict(expected['time_wait']),
                  where + 'per-endpoint TIME_WAIT %r != ss %r' %
                  (time_wait, dict(expected['time_wait'])))
    for family in ('ipv4', 'ipv6'):
        distinct = len([k for k in expected['time_wait'] if k[0] == family])
        harness.check(harness.value(
            samples, 'portwatch_tcp_time_wait_remote_endpoints',
            family=family) == distinct, where + 'remote endpoints ' + family)
    destinations = {(l['family'], labelled_ip(l['local_address']),
                     labelled_ip(l['remote_address']), int(l['remote_port'])): v
                    for l, v in harness.series(
                        samples, 'portwatch_tcp_destination_ephemeral_sockets')}
    harness.check(destinations == dict(expected['destinations']),
                  where + 'destinations %r != ss %r' %
                  (destinations, dict(expected['destinations'])))


def scrape_with_snapshot(exporter):
    """Opens the scrape's connection and sends the first bytes of the
    request (the kernel hands a connection to the exporter only once data
    arrives: TCP_DEFER_ACCEPT), waits until ss shows both of its ends
    established, snapshots ss, then sends the rest: the snapshot matches
    what the exporter reads."""
    with socket.create_connection(('127.0.0.1', exporter.port),
                                  timeout=30) as raw:
        raw.sendall(b'GET /metrics HTTP/1.1\r\n')
        port = raw.getsockname()[1]

        def both_ends():
            rows = ss_rows()
            ends = [row for row in rows if row[1] == 'established' and
                    port in (row[3], row[5]) and
                    exporter.port in (row[3], row[5])]
            return rows if len(ends) == 2 else None

        rows = harness.wait_until(both_ends, 'the scrape connection in ss')
        raw.sendall(b'Host: x\r\nConnection: close\r\n\r\n')
        answer = harness.read_until_closed(raw)
    head, _, body = answer.partition(b'\r\n\r\n')
    harness.check(head.startswith(b'HTTP/1.1 200'), 'answer %r' % head[:40])
    return rows, harness.parse_metrics(body.decode('utf-8', 'surrogateescape'))