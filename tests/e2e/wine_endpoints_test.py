"""End-to-end test of the Windows build's per-endpoint tables, which need
the dynamic port range: portwatch_exporter.exe runs under wine inside a
network namespace this test creates, whose range this test sets
(net.ipv4.ip_local_port_range 41000-44999, ip_local_reserved_ports
42000-42099). Wine has no `netsh int ipv4 show dynamicport tcp` (its netsh
prints nothing), so tests/windows/netsh_stand_in.cpp, copied over
C:\\windows\\system32\\netsh.exe in this test's prefix, prints Windows'
dynamicport and excludedportrange text for the namespace's sysctls, lines
ending in CRLF as netsh writes them; everything else is real: the .exe
runs netsh as on Windows, and wine's GetExtendedTcpTable reads the
namespace's sockets (wineserver, which owns wine's sockets, is started
inside the namespace).

Known load on loopback: client-side TIME_WAIT towards 127.0.0.1:7001 (250
from 127.0.0.1, 30 from 127.0.0.5) and [::1]:7003 (120); TIME_WAIT from
reserved ports (10, to 7002) and from ports below the range (10, to 7006);
server-side TIME_WAIT (20, local port 7005); 15 ESTABLISHED to 7004. The
per-endpoint TIME_WAIT table must hold exactly 280 and 120 (reserved,
out-of-range and server-side TIME_WAIT left out), the destination table
exactly 250, 30, 15, 120 and the scrape's own connection, with the counts,
ratios and range figures that follow, and every tcp figure must equal
what `ss` shows. A second exporter whose netsh stand-in ends its lines in
"\\r\\r\\n" must read the same range.

Environment: PORTWATCH_EXPORTER_EXE (the .exe), PORTWATCH_NETSH_EXE (the
stand-in), PORTWATCH_WINE (the wine loader), PORTWATCH_WINEPREFIX (a
prefix used only by this test)."""

import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import harness
import ss_model
import tcp_load

FIRST, LAST = 41000, 44999
RESERVED = range(42000, 42100)
USABLE = LAST - FIRST + 1 - len(RESERVED)  # 3900
# Outside the range: the scrapes' server-side TIME_WAIT stays out of the
# tables, so they hold only what the test made.
LISTEN_PORT = 10089
STATES = [s for s in ss_model.CONTRACT_STATES if s != 'bound_inactive']
LOCALHOST = ipaddress.ip_address('127.0.0.1')
SECOND_SOURCE = ipaddress.ip_address('127.0.0.5')
LOCALHOST6 = ipaddress.ip_address('::1')


def wine_run(wine, args, env=None):
    """(exit code, output bytes) of a wine command. The output goes through
    a file, not a pipe: wine's system processes inherit the descriptors of
    the command that started them and keep them open."""
    with tempfile.TemporaryFile() as output:
        code = subprocess.run([wine] + list(args), stdin=subprocess.DEVNULL,
                              stdout=output, stderr=subprocess.STDOUT,
                              env=env, timeout=300).returncode
        output.seek(0)
        return code, output.read()


def netsh_dynamicport_text(eol):
    """What Windows' netsh prints for FIRST..LAST."""
    return eol.join(['', 'Protocol tcp Dynamic Port Range', '-' * 33,
                     'Start Port      : %d' % FIRST,
                     'Number of Ports : %d' % (LAST - FIRST + 1), '', ''])


def netsh_excluded_text(eol):
    return eol.join(['', 'Protocol tcp Port Exclusion Ranges', '',
                     'Start Port    End Port', '----------    --------',
                     '%10d  %10d' % (RESERVED[0], RESERVED[-1]), '',
                     '* - Administered port exclusions.', '', ''])


def time_wait_from_ports(listener, ports):
    """One client-side TIME_WAIT socket per local port in `ports`."""
    for port in ports:
        client = socket.socket(listener.family, socket.SOCK_STREAM)
        client.bind(('127.0.0.1', port))
        client.connect(listener.getsockname()[:2])
        server, _ = listener.accept()
        client.close()
        harness.check(server.recv(1) == b'', 'expected EOF')
        server.close()


def check_range(samples, where):
    for family in ('ipv4', 'ipv6'):
        for metric, want in (('portwatch_ephemeral_port_range_first', FIRST),
                             ('portwatch_ephemeral_port_range_last', LAST),
                             ('portwatch_ephemeral_ports_reserved',
                              len(RESERVED)),
                             ('portwatch_ephemeral_ports', USABLE)):
            got = harness.value(samples, metric, family=family)
            harness.check(got == want, '[%s] %s{%s} = %r, want %d' %
                          (where, metric, family, got, want))


def check_equal(got, want, what):
    harness.check(got == want, '%s:\n  got  %r\n  want %r' %
                  (what, got, want))


def main_inside():
    exe = harness.env_path('PORTWATCH_EXPORTER_EXE')
    wine = harness.env_path('PORTWATCH_WINE')
    prefix = harness.env_path('PORTWATCH_WINEPREFIX')
    os.environ.update(WINEPREFIX=prefix, WINEDEBUG='-all')
    wineserver = os.path.join(os.path.dirname(wine), 'wineserver')
    harness.write_sysctl('ip_local_port_range', '%d %d' % (FIRST, LAST))
    harness.write_sysctl('ip_local_reserved_ports',
                         '%d-%d' % (RESERVED[0], RESERVED[-1]))
    # wineserver owns the sockets: it must run inside this namespace.
    subprocess.run([wineserver, '-k'], capture_output=True)
    code, output = wine_run(wine, ['cmd.exe', '/c', 'exit'])  # the prefix
    harness.check(code == 0, 'wine cmd.exe: %r' % output)
    shutil.copy(harness.env_path('PORTWATCH_NETSH_EXE'),
                os.path.join(prefix, 'drive_c', 'windows', 'system32',
                             'netsh.exe'))
    code, output = wine_run(wine, [
        'reg', 'add', 'HKCU\\Software\\Wine\\DllOverrides', '/v', 'netsh.exe',
        '/d', 'native', '/f'])
    harness.check(code == 0, 'reg add: %r' % output)
    exporter = None
    load = tcp_load.Load()

    def test_netsh_stand_in_prints_the_namespace_range():
        for family in ('ipv4', 'ipv6'):
            for line_end, eol in ((None, '\r\n'), ('crcrlf', '\r\r\n')):
                env = dict(os.environ)
                if line_end:
                    env['PORTWATCH_NETSH_LINE_END'] = line_end
                for view, want in (
                        (['dynamicport', 'tcp'], netsh_dynamicport_text(eol)),
                        (['excludedportrange', 'protocol=tcp'],
                         netsh_excluded_text(eol))):
                    code, output = wine_run(
                        wine, ['netsh', 'int', family, 'show'] + view, env)
                    check_equal((code, output), (0, want.encode()),
                                'netsh int %s show %s' % (family, view[0]))

    def test_time_wait_endpoints_and_destinations():
        nonlocal exporter
        # Under wine a first collection takes seconds.
        exporter = harness.Exporter(
            exe, ['--collectors.enabled=tcp,portrange',
                  '--collector.portrange.excluded-ranges',
                  '--collector.tcp.top-endpoints=1000',
                  '--collector.tcp.top-destinations=1000',
                  '--scrape.deadline=120s'],
            listen='127.0.0.1:%d' % LISTEN_PORT, launcher=[wine],
            startup_timeout=180)
        _, samples = ss_model.scrape_with_snapshot(exporter)
        for collector in ('tcp', 'portrange'):
            harness.check(harness.value(
                samples, 'portwatch_scrape_collector_success',
                collector=collector) == 1, collector + ' failed:\n' +
                exporter.log_text()[-2000:])
        check_range(samples, 'before the load')

        tw_a = load.listener(socket.AF_INET, '127.0.0.1', 7001)
        reserved = load.listener(socket.AF_INET, '127.0.0.1', 7002)
        tw_b = load.listener(socket.AF_INET6, '::1', 7003)
        est = load.listener(socket.AF_INET, '127.0.0.1', 7004)
        server_side = load.listener(socket.AF_INET, '127.0.0.1', 7005)
        below = load.listener(socket.AF_INET, '127.0.0.1', 7006)
        made_at = time.monotonic()
        load.time_wait(tw_a, 250)
        load.time_wait(tw_a, 30, source=str(SECOND_SOURCE))
        load.time_wait(tw_b, 120)
        time_wait_from_ports(reserved, RESERVED[:10])
        time_wait_from_ports(below, range(FIRST - 10, FIRST))
        load.server_time_wait(server_side, 20)
        load.established(est, 15)
        tcp_load.wait_until_settled()
        rows, samples = ss_model.scrape_with_snapshot(exporter)
        # TIME_WAIT lasts 60 s on Linux: a scrape later than that finds
        # less than was made.
        after = ' (scraped %.1f s after the load began)' % (
            time.monotonic() - made_at)
        expected = ss_model.expected_from_ss(
            rows, ss_model.PortRange(FIRST, LAST, RESERVED))

        # What was made, as ss shows it: the left-out TIME_WAIT is there.
        def time_wait_to(port):
            return len([r for r in rows if r[1] == 'time_wait' and
                        r[5] == port])
        for port, want in ((7001, 280), (7002, 10), (7003, 120), (7006, 10)):
            harness.check(time_wait_to(port) == want,
                          'ss: %d TIME_WAIT to %d, made %d%s' %
                          (time_wait_to(port), port, want, after))
        server_time_wait = len([r for r in rows if r[1] == 'time_wait' and
                                r[3] == 7005])
        harness.check(server_time_wait == 20,
                      'ss: %d server-side TIME_WAIT' % server_time_wait)

        # The per-endpoint TIME_WAIT table: exactly what was made.
        made = {('ipv4', LOCALHOST, 7001): 280,
                ('ipv6', LOCALHOST6, 7003): 120}
        time_wait = {(l['family'], ipaddress.ip_address(l['remote_address']),
                      int(l['remote_port'])): v for l, v in harness.series(
                          samples, 'portwatch_tcp_time_wait_sockets')}
        check_equal(time_wait, made,
                    'portwatch_tcp_time_wait_sockets' + after)
        check_equal(time_wait, dict(expected['time_wait']),
                    'portwatch_tcp_time_wait_sockets against ss')
        for family in ('ipv4', 'ipv6'):
            got = harness.value(samples,
                                'portwatch_tcp_time_wait_remote_endpoints',
                                family=family)
            check_equal(got, 1, 'time_wait_remote_endpoints{%s}' % family)

        # The destination table: also the ESTABLISHED load and the scrape.
        made = {('ipv4', LOCALHOST, LOCALHOST, 7001): 250,
                ('ipv4', SECOND_SOURCE, LOCALHOST, 7001): 30,
                ('ipv4', LOCALHOST, LOCALHOST, 7004): 15,
                ('ipv4', LOCALHOST, LOCALHOST, LISTEN_PORT): 1,
                ('ipv6', LOCALHOST6, LOCALHOST6, 7003): 120}
        destinations = {
            (l['family'], ipaddress.ip_address(l['local_address']),
             ipaddress.ip_address(l['remote_address']),
             int(l['remote_port'])): v for l, v in harness.series(
                 samples, 'portwatch_tcp_destination_ephemeral_sockets')}
        check_equal(destinations, made,
                    'portwatch_tcp_destination_ephemeral_sockets' + after)
        check_equal(destinations, dict(expected['destinations']),
                    'portwatch_tcp_destination_ephemeral_sockets against ss')
        for family, want in (('ipv4', 4), ('ipv6', 1)):
            check_equal(harness.value(samples, 'portwatch_tcp_destinations',
                                      family=family), want,
                        'portwatch_tcp_destinations{%s}' % family)
        for table in ('time_wait_endpoints', 'destinations'):
            check_equal(harness.value(
                samples, 'portwatch_tcp_tracking_max_error_sockets',
                table=table), 0, 'tracking error{%s}' % table)

        # Per-state counts, ephemeral counts, ports in use and the ratios
        # (Windows: host scope per family, no family="all").
        for family in ('ipv4', 'ipv6'):
            for state in STATES:
                for metric, key in (('portwatch_tcp_sockets', 'sockets'),
                                    ('portwatch_tcp_ephemeral_sockets',
                                     'ephemeral')):
                    check_equal(harness.value(samples, metric, family=family,
                                              state=state),
                                expected[key][(family, state)],
                                '%s{%s,%s} against ss' % (metric, family,
                                                          state))
        for family, state, want in (('ipv4', 'time_wait', 280),
                                    ('ipv6', 'time_wait', 120),
                                    ('ipv4', 'established', 16)):
            check_equal(harness.value(samples,
                                      'portwatch_tcp_ephemeral_sockets',
                                      family=family, state=state), want,
                        'ephemeral_sockets{%s,%s}' % (family, state))
        for family, busiest in (('ipv4', 250), ('ipv6', 120)):
            in_use = len(expected['ports'][family])
            check_equal(harness.value(
                samples, 'portwatch_ephemeral_ports_in_use', family=family),
                in_use, 'ports_in_use{%s} against ss' % family)
            for scope, want in (('host', in_use / USABLE),
                                ('destination', busiest / USABLE)):
                got = harness.value(
                    samples, 'portwatch_ephemeral_port_utilization_ratio',
                    family=family, scope=scope)
                # The text format keeps 16 significant digits.
                harness.check(got is not None and abs(got - want) < 1e-12,
                              'utilization_ratio{%s,%s} = %r, want %r' %
                              (family, scope, got, want))
        harness.check(len(expected['ports']['ipv6']) == 120 and
                      len(expected['ports']['ipv4']) >= 250 + 15 + 1,
                      'ports in use per ss: %r' % {
                          f: len(p) for f, p in expected['ports'].items()})
        for metric in ('portwatch_ephemeral_ports_in_use',
                       'portwatch_ephemeral_port_utilization_ratio'):
            harness.check(not [l for l, _ in harness.series(samples, metric)
                               if l['family'] == 'all'],
                          metric + ' has family="all" on Windows')

    def test_netsh_lines_ending_in_cr_cr_lf():
        os.environ['PORTWATCH_NETSH_LINE_END'] = 'crcrlf'
        try:
            second = harness.Exporter(
                exe, ['--collectors.enabled=portrange',
                      '--collector.portrange.excluded-ranges',
                      '--scrape.deadline=120s'],
                launcher=[wine], startup_timeout=180)
        finally:
            del os.environ['PORTWATCH_NETSH_LINE_END']
        with second:
            status, _, body = second.get()
            harness.check(status == 200, 'status %d' % status)
            samples = harness.parse_metrics(body)
            harness.check(harness.value(
                samples, 'portwatch_scrape_collector_success',
                collector='portrange') == 1, 'portrange failed:\n' +
                second.log_text()[-2000:])
            check_range(samples, '\\r\\r\\n')

    try:
        harness.run_tests([test_netsh_stand_in_prints_the_namespace_range,
                           test_time_wait_endpoints_and_destinations,
                           test_netsh_lines_ending_in_cr_cr_lf])
    except SystemExit as outcome:
        if outcome.code and exporter:
            print('--- exporter log ---\n' + exporter.log_text()[-3000:])
        raise
    finally:
        if exporter:
            exporter.stop()
        subprocess.run([wineserver, '-k'], capture_output=True)


if __name__ == '__main__':
    if '--inside' in sys.argv:
        main_inside()
    else:
        sys.exit(harness.run_inside_new_netns(__file__, 'portwatch-wine-ep'))
