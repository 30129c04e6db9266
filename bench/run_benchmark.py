#!/usr/bin/env python3
"""Benchmark driver: scrape cost at N TIME_WAIT sockets against the raw
netlink floor, `ss`, `cat /proc/net/tcp*` and node_exporter's tcpstat.

For each N it creates a network namespace (wide ip_local_port_range,
tcp_max_tw_buckets above N), fills it with N TIME_WAIT sockets on loopback
(bench/tw_load, two processes in parallel), and then, in rounds so every
contender sees the same table in the same minute, times each contender
--runs times. TIME_WAIT lasts 60 s: when the table starts to expire the
load is rebuilt before the next round. Also records portwatch's peak RSS,
its CPU time per scrape, and what 16 concurrent scrapes cost.

Writes docs/benchmarks.md's results block, docs/benchmark_scrape_time.png
(gnuplot) and the raw numbers in docs/benchmark_results.json. Needs root and a build (scripts/build.sh). Run:
    sudo bench/run_benchmark.py [--sizes 10000,100000,300000,1000000]"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get('BUILD_DIR', os.path.join(ROOT, 'build-dev'))
FLOOR = os.path.join(BUILD, 'bench', 'portwatch_netlink_floor')
LOAD = os.path.join(BUILD, 'bench', 'portwatch_tw_load')
EXPORTER = os.path.join(BUILD, 'exporter', 'portwatch_exporter')
PORTWATCH_URL = 'http://127.0.0.1:10058/metrics'
# A second exporter without the bind-table walk (bound_inactive).
NO_BOUND_URL = 'http://127.0.0.1:10059/metrics'
NODE_URL = 'http://127.0.0.1:9100/metrics'
LOAD_BUDGET_SECONDS = 50  # rebuild the load after this (TIME_WAIT is 60 s)
CONTENDERS = ['floor', 'portwatch', 'portwatch_gzip', 'floor_no_bound',
              'portwatch_no_bound', 'ss', 'cat_proc', 'node_exporter']


def sh(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True,
                          text=True, **kwargs).stdout


def write_sysctl(name, value):
    with open('/proc/sys/net/ipv4/' + name, 'w') as sysctl:
        sysctl.write(value)


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def curl_time(url, gzip=False):
    command = ['curl', '-sf', '-o', '/dev/null', '-w', '%{time_total}', url]
    if gzip:
        command.insert(1, '--compressed')
    return float(sh(command))


def socket_count():
    return int(sh([FLOOR]).split()[0])


class Load:
    """N TIME_WAIT sockets, rebuilt when they start to expire."""

    def __init__(self, size):
        self.size = size
        self.created = None

    def build(self):
        if self.created is not None:  # let the old ones expire first
            time.sleep(max(0.0, self.created + 62 - time.monotonic()))
            while socket_count() > 1000:
                time.sleep(1)
        start = time.monotonic()
        half = self.size // 2
        workers = [subprocess.Popen([LOAD, str(n), '0', str(first)],
                                    stdout=subprocess.DEVNULL)
                   for n, first in ((half, 0), (self.size - half, 1000))]
        for worker in workers:
            if worker.wait() != 0:
                raise SystemExit('tw_load failed')
        self.created = time.monotonic()
        print('  load: %d TIME_WAIT in %.1f s' % (self.size,
                                                   self.created - start),
              flush=True)

    def ensure_fresh(self):
        if time.monotonic() - self.created > LOAD_BUDGET_SECONDS:
            self.build()


def process_stats(pid):
    with open('/proc/%d/stat' % pid) as stat:
        fields = stat.read().rsplit(')', 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    with open('/proc/%d/status' % pid) as status:
        hwm = next(l for l in status if l.startswith('VmHWM')).split()[1]
    return cpu, int(hwm) / 1024.0


def measure_size(size, runs):
    write_sysctl('ip_local_port_range', '1024 65535')
    write_sysctl('tcp_max_tw_buckets', str(2 * size + 100000))
    exporter = subprocess.Popen([EXPORTER, '--web.listen-address=127.0.0.1:10058'],
                                stderr=subprocess.DEVNULL)
    no_bound = subprocess.Popen([EXPORTER, '--web.listen-address=127.0.0.1:10059',
                                 '--no-collector.tcp.bound-inactive'],
                                stderr=subprocess.DEVNULL)
    node = subprocess.Popen(['prometheus-node-exporter',
                             '--collector.disable-defaults',
                             '--collector.tcpstat',
                             '--web.listen-address=127.0.0.1:9100'],
                            stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    load = Load(size)
    load.build()
    samples = {name: [] for name in CONTENDERS}
    contenders = {
        # The floor's own clock: its dump, without process start-up.
        'floor': lambda: float(sh([FLOOR]).split()[1]),
        'portwatch': lambda: curl_time(PORTWATCH_URL),
        'portwatch_gzip': lambda: curl_time(PORTWATCH_URL, gzip=True),
        'floor_no_bound': lambda: float(sh([FLOOR, '--no-bound-inactive'])
                                        .split()[1]),
        'portwatch_no_bound': lambda: curl_time(NO_BOUND_URL),
        'ss': lambda: timed(['ss', '-Htan', 'state', 'time-wait']),
        'cat_proc': lambda: timed(['cat', '/proc/net/tcp', '/proc/net/tcp6']),
        'node_exporter': lambda: curl_time(NODE_URL),
    }
    cpu_per_scrape = []
    for _ in range(runs):
        load.ensure_fresh()
        for name in CONTENDERS:
            if name == 'portwatch':
                cpu_before, _ = process_stats(exporter.pid)
                samples[name].append(contenders[name]())
                cpu_after, _ = process_stats(exporter.pid)
                cpu_per_scrape.append(cpu_after - cpu_before)
            else:
                samples[name].append(contenders[name]())
    load.ensure_fresh()
    concurrent = concurrency(exporter.pid)
    _, peak_rss = process_stats(exporter.pid)
    remaining = socket_count()
    for process in (exporter, no_bound, node):
        process.terminate()
        process.wait()
    return {'size': size, 'sockets_at_end': remaining, 'samples': samples,
            'cpu_per_scrape': cpu_per_scrape, 'peak_rss_mb': peak_rss,
            'concurrency': concurrent}


def concurrency(pid):
    """CPU and wall time of one scrape vs 16 concurrent scrapes."""
    cpu0, _ = process_stats(pid)
    start = time.perf_counter()
    curl_time(PORTWATCH_URL)
    single_wall = time.perf_counter() - start
    cpu1, _ = process_stats(pid)
    threads = [threading.Thread(target=curl_time, args=(PORTWATCH_URL,))
               for _ in range(16)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    cpu2, _ = process_stats(pid)
    return {'single_wall': single_wall, 'single_cpu': cpu1 - cpu0,
            'sixteen_wall': wall, 'sixteen_cpu': cpu2 - cpu1}


def inside(args):
    results = []
    for size in args.sizes:
        print('N = %d' % size, flush=True)
        results.append(measure_size(size, args.runs))
    with open(args.output, 'w') as out:
        json.dump(results, out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--sizes', default='10000,100000,300000,1000000')
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--report-only', action='store_true',
                        help='rewrite the table and plot from '
                        'docs/benchmark_results.json without measuring')
    parser.add_argument('--inside', help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(',')]
    if args.inside:
        args.output = args.inside
        return inside(args)
    if args.report_only:
        import report
        with open(os.path.join(ROOT, 'docs', 'benchmark_results.json')) as raw:
            results = json.load(raw)
        return report.write(results, len(results[0]['samples']['floor']),
                            ROOT)
    for program in (FLOOR, LOAD, EXPORTER):
        if not os.path.exists(program):
            raise SystemExit('missing %s: run scripts/build.sh first' % program)
    results_file = tempfile.mktemp(suffix='.json')
    namespace = 'portwatch-bench-%d' % os.getpid()
    sh(['ip', 'netns', 'add', namespace])
    try:
        sh(['ip', '-n', namespace, 'link', 'set', 'lo', 'up'])
        subprocess.run(['ip', 'netns', 'exec', namespace, sys.executable,
                        os.path.abspath(__file__), '--sizes',
                        ','.join(map(str, args.sizes)), '--runs',
                        str(args.runs), '--inside', results_file], check=True)
    finally:
        for pid in sh(['ip', 'netns', 'pids', namespace]).split():
            subprocess.run(['kill', '-9', pid])
        subprocess.run(['ip', 'netns', 'del', namespace])
    with open(results_file) as source:
        results = json.load(source)
    import report
    report.write(results, args.runs, ROOT)


if __name__ == '__main__':
    main()
