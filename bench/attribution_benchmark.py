#!/usr/bin/env python3
"""Benchmark of the attribution collectors (netns, process): scrape cost
against the sum of per-namespace netlink floors and against `ss -tanp`,
and portwatch's peak RSS as namespaces and processes grow.

- Namespaces: for each count N (default 10, 50, 100) it creates N network
  namespaces with 10,000 TIME_WAIT sockets each (bench/tw_load) and runs
  portwatch with only collector netns. A round times the sum of the N
  floors (bench/netlink_floor inside each namespace, its own clock) and one
  scrape; rounds whose tables lost sockets to TIME_WAIT expiry are dropped
  and the load is rebuilt.
- Processes: for each count P (default 500, 2000) it starts P processes
  holding 101 sockets each (bench/process_load: a listener and 50
  connections to it, both ends) in one namespace and runs portwatch with
  only collector process; a round times one scrape, `ss -tanp` and the
  netlink floor.

Writes the block between the ATTRIBUTION markers in docs/benchmarks.md and
the raw numbers in docs/benchmark_attribution.json. Needs root and a build.
    sudo bench/attribution_benchmark.py [--namespaces 10,50,100]
        [--processes 500,2000] [--runs 5]"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get('BUILD_DIR', os.path.join(ROOT, 'build-dev'))
FLOOR = os.path.join(BUILD, 'bench', 'portwatch_netlink_floor')
TW_LOAD = os.path.join(BUILD, 'bench', 'portwatch_tw_load')
PROCESS_LOAD = os.path.join(BUILD, 'bench', 'portwatch_process_load')
EXPORTER = os.path.join(BUILD, 'exporter', 'portwatch_exporter')
PORT = 10058
URL = 'http://127.0.0.1:%d/metrics' % PORT
SOCKETS_PER_NAMESPACE = 10000
SOCKETS_PER_PROCESS = 101
LOAD_BUDGET_SECONDS = 50  # TIME_WAIT lasts 60 s
BEGIN = '<!-- ATTRIBUTION BEGIN (written by bench/attribution_benchmark.py) -->'
END = '<!-- ATTRIBUTION END -->'


def sh(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True,
                          text=True, **kwargs).stdout


def in_netns(name, command):
    return ['ip', 'netns', 'exec', name] + command


def curl_time(url):
    return float(sh(['curl', '-sf', '-o', '/dev/null', '-w', '%{time_total}',
                     url]))


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak_rss_mib(pid):
    with open('/proc/%d/status' % pid) as status:
        return int(next(l for l in status
                        if l.startswith('VmHWM')).split()[1]) / 1024.0


def floor_of(name, floor_args):
    """(records, seconds) of one netlink dump inside namespace `name`."""
    records, seconds = sh(in_netns(name, [FLOOR] + floor_args)).split()
    return int(records), float(seconds)


def other_namespaces(names):
    """A path to each network namespace on the host that is not one of
    `names` (the host's own, other tests'...): portwatch reads them all,
    so their floors count too."""
    ours = {os.stat('/run/netns/' + name).st_ino for name in names}
    paths = {}
    candidates = ['/proc/%s/ns/net' % pid for pid in os.listdir('/proc')
                  if pid.isdigit()]
    if os.path.isdir('/run/netns'):
        candidates += [os.path.join('/run/netns', name)
                       for name in os.listdir('/run/netns')]
    for path in candidates:
        try:
            inode = os.stat(path).st_ino
        except OSError:
            continue  # exited
        if inode not in ours:
            paths.setdefault(inode, path)
    return list(paths.values())


def floor_at(path, floor_args):
    """Seconds of one netlink dump inside the namespace at `path`."""
    try:
        return float(sh(['nsenter', '--net=' + path, FLOOR] +
                        floor_args).split()[1])
    except subprocess.CalledProcessError:
        return 0.0  # gone meanwhile


class Exporter:
    """portwatch with `args`, listening on PORT in this namespace."""

    def __init__(self, args):
        self.process = subprocess.Popen(
            [EXPORTER, '--web.listen-address=127.0.0.1:%d' % PORT] + args,
            stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            if self.process.poll() is not None:
                raise SystemExit('portwatch exited (port %d taken?)' % PORT)
            try:
                curl_time(URL)
                if self.process.poll() is None:
                    return
            except subprocess.CalledProcessError:
                if time.monotonic() > deadline:
                    raise SystemExit('portwatch did not start')
                time.sleep(0.1)

    def collector_seconds(self, collector):
        for line in sh(['curl', '-sf', URL]).splitlines():
            if line.startswith('portwatch_scrape_collector_duration_seconds'
                               '{collector="%s"}' % collector):
                return float(line.split()[1])
        raise SystemExit('no duration for ' + collector)

    def stop(self):
        rss = peak_rss_mib(self.process.pid)
        self.process.terminate()
        self.process.wait()
        return rss


# ----------------------------------------------------------- namespaces --

CHILD_EHASH = '/proc/sys/net/ipv4/tcp_child_ehash_entries'


class Namespaces:
    """N named namespaces with 10,000 TIME_WAIT sockets each; with
    `own_hash`, each gets a TCP established hash table of its own
    (net.ipv4.tcp_child_ehash_entries), instead of sharing the host's."""

    def __init__(self, count, own_hash):
        self.names = ['pwbench-%d-%d' % (os.getpid(), i) for i in range(count)]
        with open(CHILD_EHASH, 'w') as sysctl:
            sysctl.write('32768' if own_hash else '0')
        try:
            for name in self.names:
                sh(['ip', 'netns', 'add', name])
        finally:
            with open(CHILD_EHASH, 'w') as sysctl:
                sysctl.write('0')
        for name in self.names:
            sh(['ip', '-n', name, 'link', 'set', 'lo', 'up'])
            sh(in_netns(name, ['sh', '-c', 'echo "1024 65535" > '
                               '/proc/sys/net/ipv4/ip_local_port_range']))
        self.built = None

    def build(self):
        if self.built is not None:  # let the old sockets expire first
            time.sleep(max(0.0, self.built + 62 - time.monotonic()))
        start = time.monotonic()
        pending = list(self.names)
        running = []
        while pending or running:
            while pending and len(running) < os.cpu_count():
                running.append(subprocess.Popen(
                    in_netns(pending.pop(), [TW_LOAD,
                                             str(SOCKETS_PER_NAMESPACE)]),
                    stdout=subprocess.DEVNULL))
            if running[0].wait() != 0:
                raise SystemExit('tw_load failed')
            running.pop(0)
        self.built = start  # the oldest socket's age counts
        print('  load: %d namespaces x %d TIME_WAIT in %.1f s' % (
            len(self.names), SOCKETS_PER_NAMESPACE, time.monotonic() - start),
            flush=True)

    def fresh(self):
        return time.monotonic() - self.built < LOAD_BUDGET_SECONDS

    def close(self):
        for name in self.names:
            subprocess.run(['ip', 'netns', 'del', name], capture_output=True)


def measure_namespaces(count, own_hash, bound_inactive, runs):
    namespaces = Namespaces(count, own_hash)
    floor_args = [] if bound_inactive else ['--no-bound-inactive']
    exporter = Exporter(['--no-collector.tcp', '--no-collector.portrange',
                         '--collector.netns',
                         '--collector.netns.max-namespaces=100000'] +
                        ([] if bound_inactive else
                         ['--no-collector.tcp.bound-inactive']))
    try:
        namespaces.build()
        floors, scrapes, collector = [], [], []
        while len(scrapes) < runs:
            if not namespaces.fresh():
                namespaces.build()
            round_floors = [floor_of(name, floor_args)
                            for name in namespaces.names]
            others = sum(floor_at(path, floor_args)
                         for path in other_namespaces(namespaces.names))
            scrape = curl_time(URL)
            seconds = exporter.collector_seconds('netns')
            fewest = min(records for records, _ in round_floors)
            if fewest >= SOCKETS_PER_NAMESPACE and namespaces.fresh():
                floors.append(sum(s for _, s in round_floors) + others)
                scrapes.append(scrape)
                collector.append(seconds)
            else:
                print('  round dropped: fewest sockets %d, load age %.0f s' % (
                    fewest, time.monotonic() - namespaces.built), flush=True)
        return {'namespaces': count, 'own_hash': own_hash,
                'bound_inactive': bound_inactive,
                'floor_sum': floors, 'scrape': scrapes,
                'collector': collector, 'peak_rss_mib': exporter.stop()}
    finally:
        if exporter.process.poll() is None:
            exporter.stop()
        namespaces.close()


# ------------------------------------------------------------ processes --

def measure_processes(count, runs):
    name = 'pwbench-%d-processes' % os.getpid()
    sh(['ip', 'netns', 'add', name])
    sh(['ip', '-n', name, 'link', 'set', 'lo', 'up'])
    # Ports below 10100 stay free for the exporter.
    sh(in_netns(name, ['sh', '-c', 'echo "10100 65535" > '
                       '/proc/sys/net/ipv4/ip_local_port_range']))
    exporter = load = None
    try:
        exporter = subprocess.Popen(in_netns(name, [
            sys.executable, os.path.abspath(__file__), '--serve-processes']),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if exporter.stdout.readline() != 'started\n':
            raise SystemExit('portwatch did not start')
        started = time.monotonic()
        load = subprocess.Popen(in_netns(name, [
            PROCESS_LOAD, str(count), str(SOCKETS_PER_PROCESS)]),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if load.stdout.readline() != 'ready\n':
            raise SystemExit('process_load failed')
        print('  load: %d processes x %d sockets in %.1f s' % (
            count, SOCKETS_PER_PROCESS, time.monotonic() - started),
            flush=True)
        exporter.stdin.write('%d\n' % runs)
        exporter.stdin.flush()
        result = json.loads(exporter.stdout.readline())
        result['processes'] = count
        return result
    finally:
        for process in (load, exporter):
            if process:
                process.stdin.close()
                process.wait()
        subprocess.run(['ip', 'netns', 'del', name], capture_output=True)


def serve_processes():
    """Inside the processes' namespace: starts portwatch before the load
    (so its port is free), then on a line with the run count measures and
    prints the result as JSON."""
    exporter = Exporter(['--no-collector.tcp', '--no-collector.portrange',
                         '--collector.process'])
    print('started', flush=True)
    runs = int(sys.stdin.readline())
    scrapes, collector, ss, floors = [], [], [], []
    for _ in range(runs):
        scrapes.append(curl_time(URL))
        collector.append(exporter.collector_seconds('process'))
        ss.append(timed(['ss', '-tanp']))
        floors.append(float(sh([FLOOR]).split()[1]))
    sockets = int(sh([FLOOR]).split()[0])
    print(json.dumps({'scrape': scrapes, 'collector': collector, 'ss': ss,
                      'floor': floors, 'sockets': sockets,
                      'peak_rss_mib': exporter.stop()}), flush=True)
    sys.stdin.read()


# --------------------------------------------------------------- report --

def median(values):
    return statistics.median(values)


def report(results, runs):
    lines = ['Machine: %s, %d cores, Linux %s; %d runs each, medians.' % (
        platform.processor() or platform.machine(), os.cpu_count(),
        platform.release(), runs), '',
        '| namespaces x TIME_WAIT | TCP hash table | bound_inactive | sum '
        'of per-namespace floors (s) | portwatch scrape (s) | collector netns '
        '(s) | x floors | peak RSS (MiB) |',
        '|---:|---|---|---:|---:|---:|---:|---:|']
    for r in results['namespaces']:
        lines.append('| %d x %d | %s | %s | %.3f | %.3f | %.3f | %.2f | %.1f |' % (
            r['namespaces'], SOCKETS_PER_NAMESPACE,
            'per namespace' if r['own_hash'] else 'shared (default)',
            'asked' if r['bound_inactive'] else 'not asked',
            median(r['floor_sum']),
            median(r['scrape']), median(r['collector']),
            median(r['scrape']) / median(r['floor_sum']), r['peak_rss_mib']))
    lines += ['', '| processes x sockets | sockets in the table | netlink '
              'floor (s) | portwatch scrape (s) | collector process (s) | '
              '`ss -tanp` (s) | ss / scrape | peak RSS (MiB) |',
              '|---:|---:|---:|---:|---:|---:|---:|---:|']
    for r in results['processes']:
        lines.append('| %d x %d | %d | %.3f | %.3f | %.3f | %.2f | %.1fx | '
                     '%.1f |' % (
                         r['processes'], SOCKETS_PER_PROCESS, r['sockets'],
                         median(r['floor']), median(r['scrape']),
                         median(r['collector']), median(r['ss']),
                         median(r['ss']) / median(r['scrape']),
                         r['peak_rss_mib']))
    return '\n'.join(lines)


def write(results, runs):
    with open(os.path.join(ROOT, 'docs', 'benchmark_attribution.json'),
              'w') as raw:
        json.dump(results, raw, indent=1)
    doc = os.path.join(ROOT, 'docs', 'benchmarks.md')
    with open(doc) as source:
        text = source.read()
    start = text.index(BEGIN) + len(BEGIN)
    end = text.index(END)
    text = text[:start] + '\n' + report(results, runs) + '\n' + text[end:]
    with open(doc, 'w') as out:
        out.write(text)
    print('wrote', doc)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--namespaces', default='10,50',
                        help='namespace counts, each namespace with a TCP '
                        'hash table of its own')
    parser.add_argument('--shared-hash-namespaces', default='10,30',
                        help='namespace counts sharing the host\'s TCP hash '
                        'table (the kernel default)')
    parser.add_argument('--no-bound-namespaces', default='10,50,100',
                        help='namespace counts (own hash tables) read '
                        'with --no-collector.tcp.bound-inactive')
    parser.add_argument('--processes', default='500,2000')
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--report-only', action='store_true')
    parser.add_argument('--serve-processes', action='store_true',
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_processes:
        return serve_processes()
    if args.report_only:
        with open(os.path.join(ROOT, 'docs',
                               'benchmark_attribution.json')) as raw:
            return write(json.load(raw), args.runs)
    for program in (FLOOR, TW_LOAD, PROCESS_LOAD, EXPORTER):
        if not os.path.exists(program):
            raise SystemExit('missing %s: run scripts/build.sh first' % program)
    results = {'namespaces': [], 'processes': []}
    for counts, own_hash, bound in (
            (args.shared_hash_namespaces, False, True),
            (args.namespaces, True, True),
            (args.no_bound_namespaces, True, False)):
        for count in [int(n) for n in counts.split(',') if n]:
            print('namespaces = %d, own hash table: %s, bound_inactive: %s' %
                  (count, own_hash, bound), flush=True)
            results['namespaces'].append(
                measure_namespaces(count, own_hash, bound, args.runs))
    for count in [int(n) for n in args.processes.split(',') if n]:
        print('processes = %d' % count, flush=True)
        results['processes'].append(measure_processes(count, args.runs))
    write(results, args.runs)


if __name__ == '__main__':
    main()
