"""Live test against the real kernel. Creates a network namespace, narrows
its ip_local_port_range (40000-40999) and reserves ports 40010-40019 and
40500, builds known TIME_WAIT (client and server side) and ESTABLISHED load
on loopback (IPv4 and IPv6), then scrapes the real exporter (netlink
source, then procfs source) and asserts exact equality with `ss` for every
state count, ephemeral counts, ports in use (per family and for both
families together, which share one port space on Linux), per-endpoint
TIME_WAIT (client side only: local port in the range, not reserved) and
per-destination counts, plus the expected range values.

Needs root (ip netns). Outside CI it skips with a message (exit 77) when
namespaces cannot be created; with CI=true it fails instead."""

import collections
import http.client
import ipaddress
import os
import platform
import socket
import subprocess
import sys
import time

import harness

FIRST, LAST = 40000, 40999
RESERVED = set(range(40010, 40020)) | {40500}
USABLE = LAST - FIRST + 1 - len(RESERVED)
STATE_NAMES = {
    'ESTAB': 'established', 'SYN-SENT': 'syn_sent', 'SYN-RECV': 'syn_recv',
    'FIN-WAIT-1': 'fin_wait1', 'FIN-WAIT-2': 'fin_wait2',
    'TIME-WAIT': 'time_wait', 'UNCONN': 'close', 'CLOSE-WAIT': 'close_wait',
    'LAST-ACK': 'last_ack', 'LISTEN': 'listen', 'CLOSING': 'closing'}
CONTRACT_STATES = list(STATE_NAMES.values()) + ['bound_inactive']
# The only client of the server-side TIME_WAIT load.
SERVER_TIME_WAIT_CLIENT = '127.0.0.9'
# linux/in.h; the socket module has it only from Python 3.12.
IP_BIND_ADDRESS_NO_PORT = getattr(socket, 'IP_BIND_ADDRESS_NO_PORT', 24)
TRANSIENT = {'syn_sent', 'syn_recv', 'fin_wait1', 'fin_wait2', 'close_wait',
             'last_ack', 'closing'}


# ---------------------------------------------------------------- inside --

class Load:
    """Sockets held open for the whole test (servers, ESTABLISHED pairs,
    bound-only sockets), and the TIME_WAIT load it created."""

    def __init__(self):
        self.keep = []
        self.bound_ports = []
        self.server_time_wait_count = 0

    def listener(self, family, address, port):
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((address, port))
        listener.listen(1024)
        self.keep.append(listener)
        return listener

    @staticmethod
    def connect(listener, source=None, port_at_connect=False):
        """With `port_at_connect`, the source port is chosen by connect(),
        which skips ports whose 4-tuple is still in TIME_WAIT (bind() would
        not, and the new SYN would recycle that TIME_WAIT socket)."""
        family = listener.family
        client = socket.socket(family, socket.SOCK_STREAM)
        if port_at_connect:
            client.setsockopt(socket.SOL_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        if source:
            client.bind((source, 0))
        client.connect(listener.getsockname()[:2])
        server, _ = listener.accept()
        return client, server

    def time_wait(self, listener, count, source=None):
        """Client closes first, so the client side ends in TIME_WAIT."""
        for _ in range(count):
            client, server = self.connect(listener, source)
            client.close()
            harness.check(server.recv(1) == b'', 'expected EOF')
            server.close()

    def server_time_wait(self, listener, count):
        """Server closes first, so the server side (local port: the
        listener's, not ephemeral) ends in TIME_WAIT, one per client port.
        The clients connect from SERVER_TIME_WAIT_CLIENT."""
        for _ in range(count):
            client, server = self.connect(listener, SERVER_TIME_WAIT_CLIENT,
                                          port_at_connect=True)
            self.server_time_wait_count += 1
            server.close()
            harness.check(client.recv(1) == b'', 'expected EOF')
            client.close()

    def established(self, listener, count):
        for _ in range(count):
            self.keep.extend(self.connect(listener))

    def bound_only(self, count):
        for _ in range(count):
            bound = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            bound.bind(('127.0.0.1', 0))
            self.bound_ports.append(bound.getsockname()[1])
            self.keep.append(bound)


def ss_rows():
    """Every TCP socket `ss` reports: (family, state, local ip, local port,
    peer ip, peer port)."""
    rows = []
    for flag, family in (('-4', 'ipv4'), ('-6', 'ipv6')):
        output = subprocess.run(['ss', '-Htan', flag], capture_output=True,
                                text=True, check=True).stdout
        for line in output.splitlines():
            fields = line.split()
            local_ip, local_port = split_endpoint(fields[3])
            peer_ip, peer_port = split_endpoint(fields[4])
            rows.append((family, STATE_NAMES[fields[0]], local_ip, local_port,
                         peer_ip, peer_port))
    return rows


def split_endpoint(text):
    host, port = text.rsplit(':', 1)
    host = host.strip('[]').split('%')[0]
    if host == '*':
        host = '0.0.0.0'
    return ipaddress.ip_address(host), 0 if port == '*' else int(port)


def wait_until_settled(timeout=20):
    """Waits until no socket is in a transient state."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(row[1] in TRANSIENT for row in ss_rows()):
            return
        time.sleep(0.05)
    raise AssertionError('sockets did not settle: %r' %
                         [r for r in ss_rows() if r[1] in TRANSIENT])


def is_ephemeral(port):
    return FIRST <= port <= LAST and port not in RESERVED


def expected_from_ss(rows, bound_ports, bound_visible):
    """Every aggregate the tcp collector publishes, computed from ss rows
    (plus the bound-only sockets ss 6.1 cannot list)."""
    expected = {'sockets': collections.Counter(),
                'ephemeral': collections.Counter(),
                'ports': collections.defaultdict(set),
                'time_wait': collections.Counter(),
                'destinations': collections.Counter()}
    for family, state, local_ip, local_port, peer_ip, peer_port in rows:
        expected['sockets'][(family, state)] += 1
        if not is_ephemeral(local_port):
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
            if is_ephemeral(port):
                expected['ephemeral'][('ipv4', 'bound_inactive')] += 1
                expected['ports']['ipv4'].add(port)
    return expected


def scrape_with_snapshot(exporter):
    """Connects, snapshots `ss` while the scrape's own sockets exist, then
    sends the request, so the snapshot matches what the exporter reads."""
    connection = http.client.HTTPConnection('127.0.0.1', exporter.port,
                                            timeout=30)
    connection.connect()
    time.sleep(0.1)  # let the accepted socket settle into ESTABLISHED
    rows = ss_rows()
    status, _, body = exporter.get(connection=connection)
    harness.check(status == 200, 'status %d' % status)
    return rows, harness.parse_metrics(body)


def labelled_ip(text):
    return ipaddress.ip_address(text)


def compare(samples, expected, source):
    where = '[%s] ' % source
    for family in ('ipv4', 'ipv6'):
        for state in CONTRACT_STATES:
            for metric, key in (('portwatch_tcp_sockets', 'sockets'),
                                ('portwatch_tcp_ephemeral_sockets',
                                 'ephemeral')):
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
    harness.check(ratio is not None and abs(ratio - union / USABLE) < 1e-12,
                  where + 'host ratio %r, want %r' % (ratio, union / USABLE))
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


def check_known_load(samples, bound_visible, bound_count,
                     server_time_wait_count):
    """Independent of ss: the numbers this test built."""
    def tw(address, port):
        return time_wait_of(samples, address, port)
    harness.check(tw('127.0.0.1', 7001) == 340, 'TIME_WAIT to 127.0.0.1:7001')
    harness.check(tw('127.0.0.2', 7002) == 120, 'TIME_WAIT to 127.0.0.2:7002')
    harness.check(tw('::1', 7003) == 60, 'TIME_WAIT to [::1]:7003')
    # Server-side TIME_WAIT (local port 7006) is in the state counts but
    # not per endpoint.
    server_side = [labels for labels, _ in harness.series(
        samples, 'portwatch_tcp_time_wait_sockets')
        if labels['remote_address'] == SERVER_TIME_WAIT_CLIENT]
    harness.check(not server_side, 'server-side TIME_WAIT listed per '
                  'endpoint: %r' % server_side)
    time_wait = harness.value(samples, 'portwatch_tcp_sockets',
                              family='ipv4', state='time_wait')
    harness.check(time_wait >= 340 + 120 + server_time_wait_count,
                  'ipv4 TIME_WAIT %r' % time_wait)
    destination = harness.value(
        samples, 'portwatch_tcp_destination_ephemeral_sockets', family='ipv4',
        local_address='127.0.0.5', remote_address='127.0.0.1',
        remote_port='7001')
    harness.check(destination == 40, 'destination from 127.0.0.5: %r' %
                  destination)
    # 25 client and 25 server sockets for 127.0.0.1:7004, plus the scrape.
    established = harness.value(samples, 'portwatch_tcp_sockets',
                                family='ipv4', state='established')
    harness.check(established >= 50, 'established %r' % established)
    for name, want in (('portwatch_ephemeral_port_range_first', FIRST),
                       ('portwatch_ephemeral_port_range_last', LAST),
                       ('portwatch_ephemeral_ports_reserved', len(RESERVED)),
                       ('portwatch_ephemeral_ports', USABLE)):
        for family in ('ipv4', 'ipv6'):
            got = harness.value(samples, name, family=family)
            harness.check(got == want, '%s{%s} = %r, want %d' %
                          (name, family, got, want))
    bound = harness.value(samples, 'portwatch_tcp_sockets', family='ipv4',
                          state='bound_inactive')
    harness.check(bound == (bound_count if bound_visible else 0),
                  'bound_inactive %r' % bound)
    for table in ('time_wait_endpoints', 'destinations'):
        harness.check(harness.value(
            samples, 'portwatch_tcp_tracking_max_error_sockets',
            table=table) == 0, 'tracking error in ' + table)
    for collector in ('portrange', 'tcp'):
        harness.check(harness.value(samples,
                                    'portwatch_scrape_collector_success',
                                    collector=collector) == 1, collector)


def time_wait_of(samples, address, port):
    for labels, count in harness.series(samples,
                                        'portwatch_tcp_time_wait_sockets'):
        if (labelled_ip(labels['remote_address']) == ipaddress.ip_address(address)
                and labels['remote_port'] == str(port)):
            return count
    return None


def kernel_dumps_bound_inactive():
    """TCP_BOUND_INACTIVE sockets are dumped by inet_diag since Linux 6.9."""
    major, minor = (int(x) for x in platform.release().split('.')[:2])
    return (major, minor) >= (6, 9)


def main_inside():
    exporter_binary = harness.env_path('PORTWATCH_EXPORTER')
    harness.write_sysctl('ip_local_port_range', '%d %d' % (FIRST, LAST))
    harness.write_sysctl('ip_local_reserved_ports', '40010-40019,40500')
    harness.write_sysctl('tcp_tw_reuse', '0')
    load = Load()
    tw_a = load.listener(socket.AF_INET, '127.0.0.1', 7001)
    tw_b = load.listener(socket.AF_INET, '127.0.0.2', 7002)
    tw_c = load.listener(socket.AF_INET6, '::1', 7003)
    est_v4 = load.listener(socket.AF_INET, '127.0.0.1', 7004)
    est_v6 = load.listener(socket.AF_INET6, '::1', 7005)
    server_tw = load.listener(socket.AF_INET, '127.0.0.1', 7006)
    started = time.monotonic()
    load.time_wait(tw_a, 300)
    load.time_wait(tw_a, 40, source='127.0.0.5')
    load.time_wait(tw_b, 120)
    load.time_wait(tw_c, 60)
    load.server_time_wait(server_tw, 30)
    load.established(est_v4, 25)
    load.established(est_v6, 6)
    load.bound_only(3)
    wait_until_settled()
    print('load built in %.1f s' % (time.monotonic() - started), flush=True)

    def run_source(source, bound_visible):
        args = ['--collector.tcp.source=' + source,
                '--collector.tcp.top-endpoints=1000',
                '--collector.tcp.top-destinations=1000']

        def test():
            with harness.Exporter(exporter_binary, args) as exporter:
                rows, samples = scrape_with_snapshot(exporter)
                compare(samples, expected_from_ss(rows, load.bound_ports,
                                                  bound_visible), source)
                check_known_load(samples, bound_visible, len(load.bound_ports),
                                 load.server_time_wait_count)
            wait_until_settled()
        test.__name__ = 'test_%s_source_matches_ss' % source
        return test

    tests = [run_source('netlink', kernel_dumps_bound_inactive()),
             run_source('procfs', False)]
    try:
        harness.run_tests(tests)
    finally:
        elapsed = time.monotonic() - started
        print('load age at the end: %.1f s (TIME_WAIT lasts 60 s)' % elapsed)


if __name__ == '__main__':
    if '--inside' in sys.argv:
        main_inside()
    else:
        sys.exit(harness.run_inside_new_netns(__file__, 'portwatch-live'))
