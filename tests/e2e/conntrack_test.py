"""Collector conntrack against the kernel, on a NAT path of three network
namespaces: a client, a router that MASQUERADEs to 20 source ports, and a
server. Thirty connections to one server port: 20 get a NAT port, the SYNs
of the rest are dropped at conntrack confirmation, and the router's
conntrack counts insert_failed and drop. The exporter in the router
namespace must report the table's fill and those counters exactly as
`conntrack -S` / `-C` see them: privileged over netlink, as nobody from
/proc/net/stat/nf_conntrack."""

import os
import subprocess
import sys

import harness

EXPORTER = harness.env_path('PORTWATCH_EXPORTER')
SUFFIX = str(os.getpid())
CLIENT, ROUTER, SERVER = ('pw-ct-%s-%s' % (role, SUFFIX)
                          for role in ('client', 'router', 'server'))
NAT_PORTS = 20
CONNECTIONS = 30
SERVER_ADDRESS, SERVER_PORT = '10.77.2.2', 8080

# Runs in the server namespace: accepts and holds every connection.
SERVER_SCRIPT = '''
import socket, sys
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("%s", %d))
listener.listen(128)
print("listening", flush=True)
held = []
while True:
    held.append(listener.accept()[0])
''' % (SERVER_ADDRESS, SERVER_PORT)

# Runs in the client namespace: opens the connections at once (each SYN
# retried for 3 s), prints how many connected, holds them until stdin ends.
CLIENT_SCRIPT = '''
import socket, sys, threading
held, lock = [], threading.Lock()
def connect():
    s = socket.socket()
    s.settimeout(3)
    try:
        s.connect(("%s", %d))
        with lock:
            held.append(s)
    except OSError:
        s.close()
threads = [threading.Thread(target=connect) for _ in range(%d)]
for t in threads: t.start()
for t in threads: t.join()
print(len(held), flush=True)
sys.stdin.read()
''' % (SERVER_ADDRESS, SERVER_PORT, CONNECTIONS)


def run(*command):
    subprocess.run(command, check=True, capture_output=True)


def in_ns(namespace):
    return ['ip', 'netns', 'exec', namespace]


def build_topology():
    for namespace in (CLIENT, ROUTER, SERVER):
        run('ip', 'netns', 'add', namespace)
        run('ip', '-n', namespace, 'link', 'set', 'lo', 'up')
    run('ip', 'link', 'add', 'c0', 'netns', CLIENT, 'type', 'veth', 'peer',
        'name', 'r0', 'netns', ROUTER)
    run('ip', 'link', 'add', 'r1', 'netns', ROUTER, 'type', 'veth', 'peer',
        'name', 's0', 'netns', SERVER)
    for namespace, link, address in ((CLIENT, 'c0', '10.77.1.2/24'),
                                     (ROUTER, 'r0', '10.77.1.1/24'),
                                     (ROUTER, 'r1', '10.77.2.1/24'),
                                     (SERVER, 's0', '10.77.2.2/24')):
        run('ip', '-n', namespace, 'addr', 'add', address, 'dev', link)
        run('ip', '-n', namespace, 'link', 'set', link, 'up')
    run('ip', '-n', CLIENT, 'route', 'add', 'default', 'via', '10.77.1.1')
    run(*in_ns(ROUTER), 'sysctl', '-qw', 'net.ipv4.ip_forward=1')
    run(*in_ns(ROUTER), 'iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o',
        'r1', '-p', 'tcp', '-j', 'MASQUERADE', '--to-ports',
        '40000-%d' % (40000 + NAT_PORTS - 1))


def remove_topology():
    for namespace in (CLIENT, ROUTER, SERVER):
        for pid in subprocess.run(['ip', 'netns', 'pids', namespace],
                                  capture_output=True,
                                  text=True).stdout.split():
            subprocess.run(['kill', '-9', pid], capture_output=True)
        subprocess.run(['ip', 'netns', 'del', namespace], capture_output=True)


def conntrack_counters():
    """`conntrack -S` in the router namespace, summed over the CPUs."""
    output = subprocess.run(in_ns(ROUTER) + ['conntrack', '-S'], check=True,
                            capture_output=True, text=True).stdout
    sums = {}
    for line in output.splitlines():
        for field in line.split():
            name, _, number = field.partition('=')
            if name != 'cpu' and number.isdigit():
                sums[name] = sums.get(name, 0) + int(number)
    return sums


def conntrack_entries():
    output = subprocess.run(in_ns(ROUTER) + ['conntrack', '-C'], check=True,
                            capture_output=True, text=True).stdout
    return int(output.strip())


def scrape(exporter):
    status, body = harness.curl_get(
        in_ns(ROUTER), 'http://127.0.0.1:%d/metrics' % exporter.port)
    harness.check(status == 200, 'scrape answered %d' % status)
    return harness.parse_metrics(body)


def check_counters_match(samples, source):
    harness.check(harness.value(samples, 'portwatch_scrape_collector_success',
                                collector='conntrack') == 1,
                  'collector conntrack failed')
    harness.check(harness.value(samples,
                                'portwatch_conntrack_stats_source_info',
                                source=source) == 1,
                  'counters not read from ' + source)
    kernel = conntrack_counters()
    for name in ('insert_failed', 'drop', 'insert', 'found', 'invalid',
                 'early_drop', 'error', 'search_restart', 'clash_resolve',
                 'chaintoolong'):
        if name not in kernel:
            continue  # this conntrack-tools or kernel does not report it
        exported = harness.value(samples, 'portwatch_conntrack_%s_total' % name)
        harness.check(exported == kernel[name],
                      '%s: exporter %s, conntrack -S %d'
                      % (name, exported, kernel[name]))
    return kernel


def test_nat_exhaustion_counts_as_conntrack_sees_it():
    server = subprocess.Popen(in_ns(SERVER) + [sys.executable, '-c',
                                               SERVER_SCRIPT],
                              stdout=subprocess.PIPE, text=True)
    client = None
    try:
        harness.check(server.stdout.readline().strip() == 'listening',
                      'the server did not start')
        client = subprocess.Popen(in_ns(CLIENT) + [sys.executable, '-c',
                                                   CLIENT_SCRIPT],
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        connected = int(client.stdout.readline())
        harness.check(connected == NAT_PORTS,
                      '%d connections got a NAT port, not %d'
                      % (connected, NAT_PORTS))
        with harness.Exporter(EXPORTER, [], launcher=in_ns(ROUTER)) as exporter:
            entries_before = conntrack_entries()
            samples = scrape(exporter)
            entries_after = conntrack_entries()
            kernel = check_counters_match(samples, 'netlink')
            harness.check(kernel['insert_failed'] > 0 and kernel['drop'] > 0,
                          'the NAT path failed no insert: %s' % kernel)
            # The scrape is a connection the router tracks too: in the
            # table while the exporter reads it, and after (TIME_WAIT).
            entries = harness.value(samples, 'portwatch_conntrack_entries')
            harness.check(entries == entries_after == entries_before + 1,
                          'entries: exporter %s, conntrack -C %d before the '
                          'scrape and %d after' % (entries, entries_before,
                                                   entries_after))
            harness.check(entries_before >= NAT_PORTS,
                          'conntrack -C %d: the NAT entries are missing'
                          % entries_before)
            with open('/proc/sys/net/netfilter/nf_conntrack_max') as limit:
                harness.check(
                    harness.value(samples, 'portwatch_conntrack_entries_limit')
                    == int(limit.read()), 'entries_limit is not nf_conntrack_max')
        # Without CAP_NET_ADMIN: the same numbers, from procfs.
        with harness.Exporter(EXPORTER, [], launcher=in_ns(ROUTER) +
                              harness.nobody_with([])) as exporter:
            check_counters_match(scrape(exporter), 'procfs')
    finally:
        if client:
            client.stdin.close()
            client.wait(timeout=10)
        server.kill()
        server.wait()


def main():
    if os.geteuid() != 0:
        return harness.cannot_run('needs root for network namespaces')
    try:
        build_topology()
        harness.run_tests([test_nat_exhaustion_counts_as_conntrack_sees_it])
    finally:
        remove_topology()


if __name__ == '__main__':
    sys.exit(main())
