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

import ipaddress
import platform
import socket
import sys
import time

import harness
import ss_model
from ss_model import labelled_ip
from tcp_load import SERVER_TIME_WAIT_CLIENT, Load, wait_until_settled

FIRST, LAST = 40000, 40999
RANGE = ss_model.PortRange(FIRST, LAST, set(range(40010, 40020)) | {40500})
# ---------------------------------------------------------------- inside --

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
                       ('portwatch_ephemeral_ports_reserved',
                        len(RANGE.reserved)),
                       ('portwatch_ephemeral_ports', RANGE.usable)):
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

    def run_source(source, bound_visible, extra_args=(), name=None):
        name = name or source
        args = ['--collector.tcp.source=' + source,
                '--collector.tcp.top-endpoints=1000',
                '--collector.tcp.top-destinations=1000'] + list(extra_args)

        def test():
            with harness.Exporter(exporter_binary, args) as exporter:
                rows, samples = ss_model.scrape_with_snapshot(exporter)
                ss_model.compare(
                    samples, ss_model.expected_from_ss(
                        rows, RANGE, load.bound_ports, bound_visible),
                    name, RANGE.usable)
                check_known_load(samples, bound_visible, len(load.bound_ports),
                                 load.server_time_wait_count)
            wait_until_settled()
        test.__name__ = 'test_%s_source_matches_ss' % name
        return test

    tests = [run_source('netlink', kernel_dumps_bound_inactive()),
             # Without the bind-table walk the bound-only sockets go unseen.
             run_source('netlink', False,
                        ['--collector.tcp.bound-inactive=false'],
                        'netlink_without_bound_inactive'),
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
