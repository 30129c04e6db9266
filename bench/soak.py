#!/usr/bin/env python3
"""Soak test: portwatch under sustained load for a long time, to show that
its memory, threads and file descriptors stay flat and every well-formed
scrape is answered.

Inside a network namespace of its own (wide ip_local_port_range,
tcp_max_tw_buckets above the size) it keeps about --sockets TIME_WAIT
sockets alive, regenerated continuously (bench/tw_load every 2 s with 1/30
of them: TIME_WAIT lasts 60 s; each batch has source addresses of its
own), runs portwatch, and against it:
--scrapers clients scraping /metrics back to back (keep-alive; each a
process of its own) and the hostile clients of tests/e2e/hostile_clients.py
(each reconnects when the server closes on it): --idle connections that
never send a byte, --pinging keep-alive clients asking a wrong path every
4 s, --slow clients sending one header byte a second, --garbage clients
sending random bytes and, with --basic-auth (one bcrypt user; the
scrapers send its password), --wrong-password clients. Every --interval
seconds it records portwatch's RSS split into heap and arenas, thread
stacks and files (smaps), peak RSS, threads, open fds and CPU, and the
interval's scrape latencies (p50, p99) and answers that were not 200.
Before the load it times lone scrapes: the p99 under the scrapers is
compared with their median.

Writes the JSON (--output; portwatch's log to --log), and with --report
the table and plot between the SOAK markers in docs/benchmarks.md. With
--check it exits 1 when a check is missed: an answer other than 200,
portwatch not exiting cleanly (under ASan: a LeakSanitizer report),
threads or fds growing, a scrape slower than --max-scrape-seconds (10,
Prometheus' default timeout), RSS above --max-rss-mb, heap growing by more than
--max-heap-growth MiB (the short soak of the test suite), RSS growing
faster than --max-slope MiB per 10 minutes over the last 20 minutes (runs
of 25 minutes or more). Latency beyond that is reported, not checked.
    sudo bench/soak.py --minutes 30 --sockets 300000 --report
    sudo bench/soak.py --minutes 30 --basic-auth --idle 400 --pinging 300 \
        --wrong-password 100 --slow 100 --garbage 100 --report
Needs root and a build (BUILD_DIR, default build-dev)."""

import argparse
import base64
import http.client
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), 'tests', 'e2e'))
from hostile_clients import HostileClients  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get('BUILD_DIR', os.path.join(ROOT, 'build-dev'))
EXPORTER = os.environ.get('PORTWATCH_EXPORTER',
                          os.path.join(BUILD, 'exporter', 'portwatch_exporter'))
TW_LOAD = os.environ.get('PORTWATCH_TW_LOAD',
                         os.path.join(BUILD, 'bench', 'portwatch_tw_load'))
PORT = 10058
USER, PASSWORD = 'prometheus', 'soak-secret'
# Set by --basic-auth (in this process and, through the environment, in the
# scraper processes).
SCRAPE_HEADERS = ({'Authorization': 'Basic ' + base64.b64encode(
    ('%s:%s' % (USER, PASSWORD)).encode()).decode()}
                  if os.environ.get('PORTWATCH_SOAK_AUTH') else {})
BEGIN = '<!-- SOAK BEGIN (written by bench/soak.py) -->'
END = '<!-- SOAK END -->'
BATCH_SECONDS = 2
TIME_WAIT_SECONDS = 60


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Stats:
    """Scrape latencies and statuses since the last take(); thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies, self.bad = [], []

    def add(self, seconds, status):
        with self.lock:
            if status == 200:
                self.latencies.append(seconds)
            else:
                self.bad.append(status)

    def take(self):
        with self.lock:
            taken = self.latencies, self.bad
            self.latencies, self.bad = [], []
            return taken


def scraper(stop, stats):
    """Scrapes back to back on a keep-alive connection."""
    connection = None
    while not stop.is_set():
        start = time.perf_counter()
        try:
            if connection is None:
                connection = http.client.HTTPConnection('127.0.0.1', PORT,
                                                        timeout=30)
            connection.request('GET', '/metrics', headers=SCRAPE_HEADERS)
            response = connection.getresponse()
            response.read()
            status = response.status
            if response.getheader('Connection', '').lower() == 'close':
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            status = 'error: %s' % type(error).__name__
            connection = None
        stats.add(time.perf_counter() - start, status)


class QueuedStats:
    """Stats of a scraper process: sends (latency, status) pairs to the
    parent in batches, twice a second."""

    def __init__(self, queue):
        self.queue, self.batch, self.sent = queue, [], time.monotonic()

    def add(self, seconds, status):
        self.batch.append((seconds, status))
        if time.monotonic() - self.sent >= 0.5:
            self.flush()

    def flush(self):
        if self.batch:
            self.queue.put(self.batch)
        self.batch, self.sent = [], time.monotonic()


def scraper_process(stop, queue):
    """A scraper in a process of its own, like separate Prometheus servers:
    16 threads of one interpreter would take turns at its lock, and a
    scraper's next request would wait for the others' parsing."""
    stats = QueuedStats(queue)
    scraper(stop, stats)
    stats.flush()


def start_scrapers(count, stats):
    """Starts `count` scraper processes feeding `stats`; returns the event
    that stops them."""
    context = multiprocessing.get_context('spawn')
    stop, queue = context.Event(), context.Queue()
    for _ in range(count):
        context.Process(target=scraper_process, args=(stop, queue),
                        daemon=True).start()

    def drain():
        while True:
            for seconds, status in queue.get():
                stats.add(seconds, status)

    threading.Thread(target=drain, daemon=True).start()
    return stop


def process_state(pid):
    fields = {}
    with open('/proc/%d/status' % pid) as status:
        for line in status:
            key, _, value = line.partition(':')
            fields[key] = value.split()
    return {'rss_mib': int(fields['VmRSS'][0]) / 1024.0,
            'hwm_mib': int(fields['VmHWM'][0]) / 1024.0,
            'threads': int(fields['Threads'][0]),
            'fds': len(os.listdir('/proc/%d/fd' % pid))}


def memory_breakdown(pid):
    """Resident MiB of thread stacks (glibc lays each out as a read-write
    mapping right after a 4 KiB guard page), of the other anonymous memory
    (malloc's heap and arenas: where a leak or arena creep shows) and of
    mapped files, from /proc/<pid>/smaps."""
    totals = {'stack_mib': 0.0, 'heap_mib': 0.0, 'file_mib': 0.0}
    previous_end, previous_guard, kind = None, False, None
    with open('/proc/%d/smaps' % pid) as smaps:
        for line in smaps:
            fields = line.split()
            if '-' in fields[0] and not fields[0].endswith(':'):
                start, end = (int(x, 16) for x in fields[0].split('-'))
                path = fields[5] if len(fields) > 5 else ''
                after_guard = previous_guard and previous_end == start
                if path == '[stack]' or (after_guard and fields[1] == 'rw-p'):
                    kind = 'stack_mib'
                elif path and not path.startswith('['):
                    kind = 'file_mib'
                else:
                    kind = 'heap_mib'
                previous_guard = fields[1] == '---p' and end - start == 4096
                previous_end = end
            elif fields[0] == 'Rss:':
                totals[kind] += int(fields[1]) / 1024.0
    return {name: round(value, 2) for name, value in totals.items()}


def cpu_seconds(pid):
    """CPU time (user + system) of `pid` and of the whole machine (busy,
    idle), in seconds."""
    ticks = os.sysconf('SC_CLK_TCK')
    with open('/proc/%d/stat' % pid) as stat:
        fields = stat.read().rpartition(')')[2].split()
    process = (int(fields[11]) + int(fields[12])) / ticks
    with open('/proc/stat') as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = (values[3] + values[4]) / ticks
    return process, sum(values) / ticks - idle, idle


def time_wait_sockets():
    with open('/proc/net/sockstat') as sockstat:
        for line in sockstat:
            if line.startswith('TCP:'):
                words = line.split()
                return int(words[words.index('tw') + 1])
    return 0


class TimeWaitLoad:
    """Keeps about `size` TIME_WAIT sockets alive, regenerated continuously:
    every BATCH_SECONDS the connections of that share of TIME_WAIT's 60 s.
    Each batch has source addresses of its own for 80 s (40 batches of up
    to 10 tuples of 20,000), so a new connection never meets an old one's
    TIME_WAIT. (Half of them every 30 s, as first written, made 3-second
    bursts that took a core from everything else.)"""

    def __init__(self, size):
        self.size, self.batch = size, 0

    def run(self, stop):
        per_batch = max(1, self.size * BATCH_SECONDS // TIME_WAIT_SECONDS)
        while not stop.is_set():
            started = time.monotonic()
            tuples = (self.batch % 40) * 10
            subprocess.run([TW_LOAD, str(per_batch), '0', str(tuples)],
                           stdout=subprocess.DEVNULL, check=True)
            self.batch += 1
            stop.wait(max(0.0, BATCH_SECONDS - (time.monotonic() - started)))


def lone_scrapes(count):
    stats = Stats()
    connection = http.client.HTTPConnection('127.0.0.1', PORT, timeout=30)
    for _ in range(count):
        start = time.perf_counter()
        connection.request('GET', '/metrics', headers=SCRAPE_HEADERS)
        response = connection.getresponse()
        response.read()
        stats.add(time.perf_counter() - start, response.status)
        time.sleep(1)
    connection.close()
    latencies, bad = stats.take()
    if bad:
        raise SystemExit('lone scrapes failed: %r' % bad)
    return latencies


def start_exporter(args, log):
    exporter = subprocess.Popen(
        [EXPORTER, '--web.listen-address=127.0.0.1:%d' % PORT] + args.args,
        stdout=log, stderr=log,
        env=dict(os.environ, **dict(e.split('=', 1) for e in args.env)))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(('127.0.0.1', PORT), timeout=1).close()
            return exporter
        except OSError:
            if exporter.poll() is not None:
                raise SystemExit('portwatch exited: %d' % exporter.returncode)
            time.sleep(0.1)
    raise SystemExit('portwatch did not start')


class Sampler:
    """One sample per interval: the exporter's state and the scrapes'."""

    def __init__(self, exporter, stats, interval):
        self.exporter, self.stats, self.interval = exporter, stats, interval
        self.cpu_before = cpu_seconds(exporter.pid)
        self.started = time.monotonic()
        self.latencies = []  # every scrape under load, for the run's p99

    def take(self):
        pid = self.exporter.pid
        latencies, bad = self.stats.take()
        self.latencies += latencies
        sample = {'seconds': round(time.monotonic() - self.started, 1),
                  'time_wait': time_wait_sockets(),
                  'scrapes': len(latencies), 'bad': len(bad),
                  'bad_examples': sorted(set(map(str, bad)))[:3]}
        sample.update(process_state(pid))
        sample.update(memory_breakdown(pid))
        cpu_now = cpu_seconds(pid)
        used = [now - before for now, before in zip(cpu_now, self.cpu_before)]
        self.cpu_before = cpu_now
        sample['exporter_cpu'] = round(used[0] / self.interval, 3)
        sample['machine_busy'] = round(used[1] / (used[1] + used[2]), 3)
        if latencies:
            sample['p50_s'] = statistics.median(latencies)
            sample['p99_s'] = percentile(latencies, 0.99)
        return sample


def start_clients(args):
    """The hostile clients (tests/e2e/hostile_clients.py), on a thread."""
    return HostileClients(PORT, {
        'idle': args.idle, 'pinging': args.pinging, 'slow': args.slow,
        'garbage': args.garbage, 'wrong_password': args.wrong_password}).start()


def write_web_config(path):
    """A web config with one bcrypt user (cost 10), for --basic-auth."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        import crypt  # the system's crypt (libxcrypt)
        hashed = crypt.crypt(PASSWORD, crypt.mksalt(crypt.METHOD_BLOWFISH,
                                                    rounds=2 ** 10))
    with open(path, 'w') as config:
        config.write("basic_auth_users:\n  %s: '%s'\n" % (USER, hashed))


def inside(args):
    with open('/proc/sys/net/ipv4/ip_local_port_range', 'w') as sysctl:
        sysctl.write('1024 65535')
    with open('/proc/sys/net/ipv4/tcp_max_tw_buckets', 'w') as sysctl:
        sysctl.write(str(2 * args.sockets + 100000))
    stop = threading.Event()
    load = TimeWaitLoad(args.sockets)
    threading.Thread(target=load.run, args=(stop,), daemon=True).start()
    if args.basic_auth:
        web_config = os.path.join(tempfile.mkdtemp(), 'web.yml')
        write_web_config(web_config)
        args.args.append('--web.config.file=' + web_config)
    with open(args.log, 'w') as log:
        exporter = start_exporter(args, log)
    while time_wait_sockets() < args.sockets * 0.9:
        time.sleep(1)
    lone = lone_scrapes(args.lone_seconds)
    stats = Stats()
    stop_scrapers = start_scrapers(args.scrapers, stats)
    clients = start_clients(args)
    sampler = Sampler(exporter, stats, args.interval)
    samples = []
    try:
        while time.monotonic() - sampler.started < args.minutes * 60:
            time.sleep(args.interval)
            if exporter.poll() is not None:
                raise SystemExit('portwatch exited: %d' % exporter.returncode)
            samples.append(sampler.take())
            print(json.dumps(samples[-1]), flush=True)
    finally:
        stop.set()
        stop_scrapers.set()
        clients.stop()
        exporter.terminate()
        exporter.wait(timeout=60)
    result = {'settings': vars(args), 'lone_p50_s': statistics.median(lone),
              'lone_p99_s': percentile(lone, 0.99),
              'loaded_p50_s': statistics.median(sampler.latencies),
              'loaded_p99_s': percentile(sampler.latencies, 0.99),
              'loaded_max_s': max(sampler.latencies),
              'hostile_connections': sum(clients.connections.values()),
              'hostile_answers': dict(clients.answers),
              'exit_status': exporter.returncode, 'samples': samples}
    with open(args.output, 'w') as out:
        json.dump(result, out, indent=1)


def slope_per_10_minutes(samples, key):
    """Least-squares slope of `key` over `samples`, per 600 s."""
    xs = [s['seconds'] for s in samples]
    ys = [s[key] for s in samples]
    mean_x, mean_y = statistics.mean(xs), statistics.mean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if not spread:
        return 0.0
    return 600 * sum((x - mean_x) * (y - mean_y)
                     for x, y in zip(xs, ys)) / spread


SLOPE_WINDOW_SECONDS = 20 * 60  # "no growth over the last 20 minutes"


def hostile_clients(settings):
    return sum(settings.get(kind, 0) for kind in
               ('idle', 'pinging', 'slow', 'garbage', 'wrong_password'))


def verdict(result, limits):
    """{name: (value, limit)} of the checks that apply to this run, and the
    names of those missed. `limits` holds max_rss_mb, max_heap_growth (None:
    not checked) and max_slope."""
    samples = result['samples']
    later = samples[len(samples) // 3:]  # after the warm-up
    checks = {
        'non-200 answers': (sum(s['bad'] for s in samples), 0),
        'exporter exit status (LeakSanitizer reports make it non-zero)':
            (abs(result['exit_status']), 0),
        'threads growth after the first third':
            (max(s['threads'] for s in later) -
             min(s['threads'] for s in later), 0),
        # Hostile clients come and go (a slow one holds its connection up
        # to the 2 s request timeout): bounded by their number, not time.
        'fds growth (hostile clients come and go)':
            (max(s['fds'] for s in later) - min(s['fds'] for s in samples),
             20 + hostile_clients(result['settings'])),
        'slowest answered scrape (s)':
            (round(result.get('loaded_max_s', 0), 2),
             result['settings'].get('max_scrape_seconds', 10)),
    }
    if limits.max_rss_mb is not None:
        checks['highest RSS after the first third (MB)'] = (
            round(max(s['rss_mib'] for s in later) * 1.048576, 1),
            limits.max_rss_mb)
    if limits.max_heap_growth is not None:
        checks['heap growth since the first sample (MiB)'] = (
            round(max(s['heap_mib'] for s in samples) -
                  samples[0]['heap_mib'], 2), limits.max_heap_growth)
    last = samples[-1]['seconds']
    window = [s for s in samples if s['seconds'] >= last - SLOPE_WINDOW_SECONDS]
    if last >= SLOPE_WINDOW_SECONDS + 5 * 60:
        checks['RSS slope over the last 20 minutes (MiB per 10 min)'] = (
            round(slope_per_10_minutes(window, 'rss_mib'), 2),
            limits.max_slope)
    failed = [name for name, (value, limit) in checks.items()
              if value > limit]
    return checks, failed


def report(result, limits):
    samples = result['samples']
    checks, _ = verdict(result, limits)
    settings = result['settings']
    lines = [BEGIN, '',
             '%g minutes, about %d TIME_WAIT sockets, %d scrapers%s; '
             '%d hostile clients: %d idle connections, %d pinging a wrong '
             'path every 4 s, %d sending wrong passwords, %d slow and %d '
             'garbage (%d connections in all, answered %s); %s; portwatch %s.'
             % (settings['minutes'], settings['sockets'], settings['scrapers'],
                ' with basic auth' if settings.get('basic_auth') else '',
                hostile_clients(settings), settings['idle'],
                settings.get('pinging', 0), settings.get('wrong_password', 0),
                settings['slow'], settings['garbage'],
                result.get('hostile_connections', 0),
                result.get('hostile_answers', {}),
                time.strftime('%Y-%m-%d'), ' '.join(settings['args']) or
                'with its defaults'), '',
             '![RSS and scrape latency over the soak](soak.png)', '',
             '| minute | TIME_WAIT | RSS (MiB) | heap | stacks | threads | '
             'fds | scrapes | p50 (s) | p99 (s) | non-200 |',
             '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|']
    step = max(1, len(samples) // 15)
    for sample in samples[step - 1::step]:
        lines.append('| %.0f | %d | %.1f | %.1f | %.1f | %d | %d | %d | %s | '
                     '%s | %d |'
                     % (sample['seconds'] / 60, sample['time_wait'],
                        sample['rss_mib'], sample['heap_mib'],
                        sample['stack_mib'], sample['threads'], sample['fds'],
                        sample['scrapes'],
                        '%.3f' % sample['p50_s'] if 'p50_s' in sample else '-',
                        '%.3f' % sample['p99_s'] if 'p99_s' in sample else '-',
                        sample['bad']))
    lines += ['', '| target | result |', '|---|---|']
    for name, (value, limit) in checks.items():
        lines.append('| %s at most %s | %s: %s |' % (
            name, limit, 'met' if value <= limit else '**not met**', value))
    ratio = result['loaded_p99_s'] / result['lone_p50_s']
    tail_ratio = result['loaded_p99_s'] / result['lone_p99_s']
    worst = max(s['p99_s'] for s in samples if 'p99_s' in s)
    lines += ['| p99 under %d scrapers at most 1.5x one scrape | %s: p99 %.3f s '
              'against a lone scrape\'s median %.3f s: **%.2fx**; against '
              'its p99 %.3f s: %.2fx; median %.3f s (%.2fx); worst 10-second '
              'p99 %.3f s |' % (
                  settings['scrapers'],
                  'met' if ratio <= 1.5 else '**not met**',
                  result['loaded_p99_s'], result['lone_p50_s'], ratio,
                  result['lone_p99_s'], tail_ratio, result['loaded_p50_s'],
                  result['loaded_p50_s'] / result['lone_p50_s'], worst),
              '', END]
    return '\n'.join(lines)


def plot(result, path):
    data = path + '.dat'
    with open(data, 'w') as out:
        for s in result['samples']:
            out.write('%f %f %f %f %f\n' % (
                s['seconds'] / 60, s['rss_mib'], s['heap_mib'], s['stack_mib'],
                s.get('p99_s', 0)))
    script = '''set terminal pngcairo size 900,420
set output "%s"
set xlabel "minutes"
set ylabel "RSS (MiB)"
set y2label "scrape p99 (s)"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
set key top left
plot "%s" using 1:2 with lines lw 2 title "RSS", \\
     "%s" using 1:3 with lines title "heap and arenas", \\
     "%s" using 1:4 with lines title "thread stacks", \\
     "%s" using 1:5 axes x1y2 with lines title "p99 scrape latency"
''' % (path, data, data, data, data)
    subprocess.run(['gnuplot'], input=script, text=True, check=True)
    os.remove(data)


def optional_limit(text):
    return None if text == 'none' else float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--minutes', type=float, default=30)
    parser.add_argument('--sockets', type=int, default=300000)
    parser.add_argument('--scrapers', type=int, default=16)
    parser.add_argument('--idle', type=int, default=300)
    parser.add_argument('--pinging', type=int, default=0,
                        help='keep-alive clients asking GET /x every 4 s')
    parser.add_argument('--slow', type=int, default=4)
    parser.add_argument('--garbage', type=int, default=2)
    parser.add_argument('--wrong-password', type=int, default=0,
                        help='clients sending a wrong password back to back '
                        '(with --basic-auth)')
    parser.add_argument('--basic-auth', action='store_true',
                        help='a web config with one bcrypt user; the '
                        'scrapers send its password')
    parser.add_argument('--max-scrape-seconds', type=float, default=10,
                        help="slowest scrape allowed (Prometheus' default "
                        'scrape_timeout)')
    parser.add_argument('--interval', type=float, default=10)
    parser.add_argument('--lone-seconds', type=int,
                        default=45,
                        help='seconds of lone scrapes (one a second) before '
                        'the load, for the latency baseline')
    parser.add_argument('--output', default=os.path.join(ROOT, 'docs',
                                                         'soak_results.json'))
    parser.add_argument('--log', default=os.path.join(
        tempfile.gettempdir(), 'portwatch_soak_exporter.log'),
                        help="portwatch's own log")
    parser.add_argument('--report', action='store_true')
    parser.add_argument('--check', action='store_true')
    parser.add_argument('--max-slope', type=float, default=1.0,
                        help='MiB per 10 minutes over the last 20 minutes '
                        '(runs of 25 minutes or more)')
    parser.add_argument('--max-rss-mb', type=optional_limit, default=32,
                        help='after the first third; "none" for no limit')
    parser.add_argument('--max-heap-growth', type=optional_limit, default=None,
                        help='MiB of heap and arenas above the first sample')
    parser.add_argument('--env', action='append', default=[],
                        help='NAME=VALUE for portwatch (e.g. to compare '
                        'malloc settings)')
    parser.add_argument('--inside', action='store_true', help=argparse.SUPPRESS)
    parser.add_argument('args', nargs='*', help='flags for portwatch')
    args = parser.parse_args()
    if args.inside:
        return inside(args)
    if args.basic_auth:
        os.environ['PORTWATCH_SOAK_AUTH'] = '1'  # the scrapers' header
    for program in (EXPORTER, TW_LOAD):
        if not os.access(program, os.X_OK):
            raise SystemExit('missing %s: build first' % program)
    namespace = 'portwatch-soak-%d' % os.getpid()
    subprocess.run(['ip', 'netns', 'add', namespace], check=True)
    try:
        subprocess.run(['ip', '-n', namespace, 'link', 'set', 'lo', 'up'],
                       check=True)
        subprocess.run(['ip', 'netns', 'exec', namespace, sys.executable,
                        os.path.abspath(__file__), '--inside'] +
                       sys.argv[1:], check=True)
    finally:
        for pid in subprocess.run(['ip', 'netns', 'pids', namespace],
                                  capture_output=True,
                                  text=True).stdout.split():
            subprocess.run(['kill', '-9', pid])
        subprocess.run(['ip', 'netns', 'del', namespace])
    with open(args.output) as source:
        result = json.load(source)
    checks, failed = verdict(result, args)
    for name, (value, limit) in checks.items():
        print('%s: %s (limit %s)' % (name, value, limit))
    if result['exit_status'] != 0:
        with open(args.log) as log:
            print('portwatch exited with %d; its log ends:\n%s' % (
                result['exit_status'], ''.join(log.readlines()[-80:])))
    if args.report:
        plot(result, os.path.join(ROOT, 'docs', 'soak.png'))
        path = os.path.join(ROOT, 'docs', 'benchmarks.md')
        with open(path) as doc:
            text = doc.read()
        block = report(result, args)
        if BEGIN in text:
            text = (text[:text.index(BEGIN)] + block +
                    text[text.index(END) + len(END):])
        else:
            text += '\n' + block + '\n'
        with open(path, 'w') as doc:
            doc.write(text)
    if args.check and failed:
        print('soak: missed %s' % ', '.join(failed))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
