#!/usr/bin/env python3
"""Compression benchmark: bytes and exporter CPU per scrape of /metrics,
plain text against gzip, at N TIME_WAIT sockets with collector netns on.

In a network namespace of its own it fills the socket table with N
TIME_WAIT sockets (bench/tw_load, as run_benchmark.py) and creates
--namespaces named namespaces beside it, each with a little load of its
own (50 ESTABLISHED pairs held throughout, 100 TIME_WAIT at first), so the netns collector publishes a family set per namespace.
The exporter runs with --collector.netns (and defaults otherwise). For each
N it alternates --runs scrapes without and with `Accept-Encoding: gzip`
(curl, as Prometheus asks) and records the body bytes and the exporter's
CPU time for each (/proc/<pid>/stat), then times zlib on that page at
level 1 (what the exporter uses) and level 6 (zlib's default) in this
process for comparison.

Writes the "Compression" block of docs/benchmarks.md and the raw numbers
in docs/benchmark_compression.json. Needs root and a build
(scripts/build.sh). Run:
    sudo bench/compression_benchmark.py [--sizes 10000,1000000]"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zlib

import run_benchmark
from run_benchmark import Load, process_stats, sh, write_sysctl

ROOT = run_benchmark.ROOT
URL = 'http://127.0.0.1:10060/metrics'
RESULTS = os.path.join(ROOT, 'docs', 'benchmark_compression.json')
DOC = os.path.join(ROOT, 'docs', 'benchmarks.md')
BEGIN = '<!-- compression results: bench/compression_benchmark.py -->'
END = '<!-- end of compression results -->'


def scrape(gzip):
    """(bytes of the body as sent, the body as text)."""
    with tempfile.NamedTemporaryFile() as body:
        command = ['curl', '-sf', '-o', body.name, '-w', '%{size_download}',
                   URL]
        if gzip:
            command[1:1] = ['-H', 'Accept-Encoding: gzip']
        sent = int(sh(command))
        raw = body.read()
    text = zlib.decompress(raw, 31) if gzip else raw
    return sent, text


def time_wait(page):
    """The IPv4 TIME_WAIT sockets the page counts (the load's size as
    scraped: the oldest expire while a large load is still being made)."""
    prefix = b'portwatch_tcp_sockets{family="ipv4",state="time_wait"} '
    for line in page.splitlines():
        if line.startswith(prefix):
            return int(float(line[len(prefix):]))
    return 0


def zlib_seconds(text, level, repeat=5):
    start = time.perf_counter()
    for _ in range(repeat):
        zlib.compress(text, level)
    return (time.perf_counter() - start) / repeat


def measure(size, runs, exporter):
    load = Load(size)
    load.build()
    rows = {'identity': [], 'gzip': []}
    page = b''
    for _ in range(runs):
        load.ensure_fresh()
        for encoding in ('identity', 'gzip'):
            cpu_before, _ = process_stats(exporter.pid)
            sent, page = scrape(encoding == 'gzip')
            cpu_after, _ = process_stats(exporter.pid)
            rows[encoding].append({'bytes': sent,
                                   'cpu_seconds': cpu_after - cpu_before,
                                   'page_bytes': len(page),
                                   'time_wait': time_wait(page)})
    return {'size': size, 'scrapes': rows,
            'zlib_level1_seconds': zlib_seconds(page, 1),
            'zlib_level6_seconds': zlib_seconds(page, 6),
            'zlib_level1_bytes': len(zlib.compress(page, 1)),
            'zlib_level6_bytes': len(zlib.compress(page, 6)),
            'families': page.count(b'# TYPE ')}


def inside(args):
    write_sysctl('ip_local_port_range', '1024 65535')
    write_sysctl('tcp_max_tw_buckets', str(2 * max(args.sizes) + 100000))
    exporter = subprocess.Popen(
        [run_benchmark.EXPORTER, '--web.listen-address=127.0.0.1:10060',
         '--collector.netns'], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(['curl', '-sf', '-o', '/dev/null', URL]
                             ).returncode != 0:
            if time.monotonic() > deadline:
                raise SystemExit('the exporter did not answer')
            time.sleep(0.1)
        results = []
        for size in args.sizes:
            print('N = %d' % size, flush=True)
            results.append(measure(size, args.runs, exporter))
    finally:
        exporter.terminate()
        exporter.wait()
    with open(args.inside, 'w') as out:
        json.dump(results, out)


def median(rows, key):
    return statistics.median(row[key] for row in rows)


def report(results, namespaces, runs):
    lines = [BEGIN, '',
             '| load | TIME_WAIT scraped | page (plain) | gzip | ratio | exporter CPU per '
             'scrape, plain | gzip | zlib level 1 on the page | level 6 '
             '(zlib default) |', '|---|---|---|---|---|---|---|---|---|']
    for result in results:
        plain, gzipped = result['scrapes']['identity'], result['scrapes']['gzip']
        lines.append(
            '| %s | %s | %.1f KB | %.1f KB | %.1fx | %.1f ms | %.1f ms | '
            '%.2f ms, %.1f KB | %.2f ms, %.1f KB |' % (
                '{:,}'.format(result['size']),
                '{:,}'.format(int(median(plain, 'time_wait'))),
                median(plain, 'bytes') / 1000, median(gzipped, 'bytes') / 1000,
                median(plain, 'bytes') / median(gzipped, 'bytes'),
                median(plain, 'cpu_seconds') * 1000,
                median(gzipped, 'cpu_seconds') * 1000,
                result['zlib_level1_seconds'] * 1000,
                result['zlib_level1_bytes'] / 1000,
                result['zlib_level6_seconds'] * 1000,
                result['zlib_level6_bytes'] / 1000))
    lines += ['', 'Medians of %d scrapes each, `--collector.netns` on with %d '
              'namespaces beside the loaded one (%d families on the page); '
              'CPU from /proc/<pid>/stat in clock ticks (10 ms), so single '
              'scrapes read 0 or 10 ms and the median shows the typical '
              'one.' % (runs, namespaces, results[-1]['families']), '', END]
    with open(DOC) as doc:
        text = doc.read()
    block = '\n'.join(lines)
    if BEGIN in text:
        start = text.index(BEGIN)
        text = text[:start] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip('\n') + '\n\n' + block + '\n'
    with open(DOC, 'w') as doc:
        doc.write(text)
    print(block)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--sizes', default='10000,1000000')
    parser.add_argument('--runs', type=int, default=9)
    parser.add_argument('--namespaces', type=int, default=20)
    parser.add_argument('--inside', help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(',')]
    if args.inside:
        return inside(args)
    for program in (run_benchmark.LOAD, run_benchmark.EXPORTER):
        if not os.path.exists(program):
            raise SystemExit('missing %s: run scripts/build.sh first' % program)
    prefix = 'portwatch-gzip-%d' % os.getpid()
    namespaces = [prefix] + ['%s-%d' % (prefix, i)
                             for i in range(args.namespaces)]
    results_file = tempfile.mktemp(suffix='.json')
    try:
        for namespace in namespaces:
            sh(['ip', 'netns', 'add', namespace])
            sh(['ip', '-n', namespace, 'link', 'set', 'lo', 'up'])
        # 100 TIME_WAIT (gone after a minute) and 50 ESTABLISHED pairs
        # held while the benchmark runs.
        side_loads = [subprocess.Popen(
            ['ip', 'netns', 'exec', namespace, run_benchmark.LOAD, '100',
             '50'], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
                      for namespace in namespaces[1:]]
        subprocess.run(['ip', 'netns', 'exec', prefix, sys.executable,
                        os.path.abspath(__file__), '--sizes',
                        ','.join(map(str, args.sizes)), '--runs',
                        str(args.runs), '--inside', results_file], check=True)
    finally:
        for namespace in namespaces:
            for pid in sh(['ip', 'netns', 'pids', namespace]).split():
                subprocess.run(['kill', '-9', pid])
            subprocess.run(['ip', 'netns', 'del', namespace])
    with open(results_file) as source:
        results = json.load(source)
    os.unlink(results_file)
    with open(RESULTS, 'w') as out:
        json.dump(results, out, indent=1)
    report(results, args.namespaces, args.runs)


if __name__ == '__main__':
    main()
