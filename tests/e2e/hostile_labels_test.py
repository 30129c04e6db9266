"""Names from the OS that are not UTF-8 never break the scrape (issue 23,
item 1), as root, from a network namespace of its own.

A process renames itself with prctl(PR_SET_NAME) to the bytes
`ev\\xff"l\\` (what any unprivileged process in any container may do),
lives in a network namespace whose `ip netns` name is not UTF-8 either,
holds 50 connections there and makes 3 connect() calls fail for want of a
port. With collectors process, netns and connect_failures on, every scrape
must pass `promtool check metrics` (Prometheus would drop the whole scrape
otherwise) and name the process `ev\\ufffd"l\\` and the namespace with
U+FFFD in place of the bad byte, with the exact counts.

Needs root, ip netns, tracefs (mounted here when it is not) and a kernel
with BTF. Outside CI it skips (exit 77) when namespaces cannot be created;
with CI=true it fails instead."""

import ctypes
import errno
import os
import socket
import subprocess
import sys

import harness

PROCESS_NAME = b'ev\xff"l\\'
SHOWN_PROCESS = 'ev\ufffd"l\\'
CONNECTIONS = 50
FAILURES = 3
PORTS = (61000, 61000 + CONNECTIONS - 1)  # exactly the connections' ports


def main_load():
    """In the namespace: renames itself, holds the connections, makes the
    failures, says 'ready' and holds everything until stdin closes."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(15, PROCESS_NAME, 0, 0, 0) != 0:  # PR_SET_NAME
        raise SystemExit('prctl failed: %d' % ctypes.get_errno())
    listener = socket.socket()
    listener.bind(('127.0.0.1', 7001))
    listener.listen(4096)
    held = [socket.create_connection(('127.0.0.1', 7001))
            for _ in range(CONNECTIONS)]
    for _ in range(FAILURES):
        code = socket.socket().connect_ex(('127.0.0.1', 7001))
        harness.check(code == errno.EADDRNOTAVAIL, 'connect: errno %d' % code)
    accepted = [listener.accept()[0] for _ in held]
    print('ready', flush=True)
    sys.stdin.read()
    for sock in held + accepted + [listener]:
        sock.close()


def scrape(exporter):
    status, _, body = exporter.get()
    harness.check(status == 200, 'status %d' % status)
    return harness.parse_metrics(body)  # promtool check metrics included


def make_tests(exporter_binary, namespace):
    inode = str(os.stat(b'/run/netns/' + namespace).st_ino)
    shown_namespace = namespace.decode('utf-8', 'replace')
    args = ['--collector.process', '--collector.process.all-namespaces',
            '--collector.netns', '--collector.connect_failures']

    def test_names_that_are_not_utf8_keep_the_scrape_valid():
        with harness.Exporter(exporter_binary, args) as exporter:
            harness.check(harness.value(
                scrape(exporter), 'portwatch_scrape_collector_success',
                collector='connect_failures') == 1,
                'connect_failures failed:\n' + exporter.log_text())
            subprocess.run(['ip', 'netns', 'exec', namespace, 'sh', '-c',
                            'echo "%d %d" > '
                            '/proc/sys/net/ipv4/ip_local_port_range' % PORTS],
                           check=True)
            load = subprocess.Popen(
                [b'ip', b'netns', b'exec', namespace, sys.executable.encode(),
                 os.path.abspath(__file__).encode(), b'--load'],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            try:
                line = load.stdout.readline()
                harness.check(line == b'ready\n', 'load: %r' % line)
                samples = scrape(exporter)
                samples = scrape(exporter)  # and again: nothing sticks
            finally:
                load.stdin.close()
                load.wait(timeout=30)
        for collector in ('process', 'netns', 'connect_failures'):
            harness.check(harness.value(
                samples, 'portwatch_scrape_collector_success',
                collector=collector) == 1, collector + ' failed')
        held = sum(value for labels, value in harness.series(
            samples, 'portwatch_process_ephemeral_sockets')
            if labels['pid'] == str(load.pid))
        names = {labels['process'] for labels, _ in harness.series(
            samples, 'portwatch_process_ephemeral_sockets')
            if labels['pid'] == str(load.pid)}
        harness.check(names == {SHOWN_PROCESS}, 'process names %r' % names)
        harness.check(held == CONNECTIONS, 'ephemeral sockets %r' % held)
        failures = harness.value(
            samples, 'portwatch_port_allocation_failures_by_process_total',
            netns=inode, process=SHOWN_PROCESS)
        harness.check(failures == FAILURES, 'failures by process %r: %r' % (
            failures, harness.series(
                samples,
                'portwatch_port_allocation_failures_by_process_total')))
        named = {labels.get('netns_name') for labels, _ in harness.series(
            samples, 'portwatch_netns_tcp_sockets')
            if labels['netns'] == inode}
        harness.check(named == {shown_namespace}, 'netns_name %r' % named)

    return [test_names_that_are_not_utf8_keep_the_scrape_valid]


def main_inside():
    exporter_binary = harness.env_path('PORTWATCH_EXPORTER')
    harness.ensure_tracefs()
    namespace = b'pwhl%d-\xff' % os.getpid()
    subprocess.run([b'ip', b'netns', b'add', namespace], check=True)
    try:
        subprocess.run([b'ip', b'-n', namespace, b'link', b'set', b'lo', b'up'],
                       check=True)
        harness.run_tests(make_tests(exporter_binary, namespace))
    finally:
        subprocess.run([b'ip', b'netns', b'del', namespace])


if __name__ == '__main__':
    if '--load' in sys.argv:
        main_load()
    elif '--inside' in sys.argv:
        main_inside()
    else:
        sys.exit(harness.run_inside_new_netns(__file__, 'portwatch-hl'))
