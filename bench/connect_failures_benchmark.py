#!/usr/bin/env python3
"""Benchmark of collector connect_failures (eBPF).

- What its program costs every connect() of the host: bench/connect_loop
  (socket, connect to a loopback listener, close with RST; about 6 system
  calls and 6 TCP state changes per connection, each a hook of the
  program) runs for --seconds inside a network namespace, alternately with
  and without portwatch running with --collector.connect_failures (ABBA
  order over --rounds, so drift cancels), and the medians are compared.
  Target: at most 5 % slower.
- What a scrape costs with 10,000 distinct failing destinations: in a
  namespace whose 10 ephemeral ports are all held by bind(), a process
  calls connect() to 10,000 distinct IPv6 destinations (each fails with
  EADDRNOTAVAIL: no port); then portwatch is scraped: the first scrape
  drains and ranks the 10,000 keys, the next ones only rank them. Repeated
  with 10,000 new destinations per round, so the exporter's table (capped
  at --collector.connect_failures.max-tracked-keys, 10,000) stays full
  and its RSS must stay flat.

Writes the block between the CONNECT FAILURES markers in
docs/benchmarks.md and the raw numbers in
docs/benchmark_connect_failures.json. Needs root and a build with eBPF.
    sudo bench/connect_failures_benchmark.py [--rounds 8] [--seconds 3]"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

from attribution_benchmark import (BUILD, EXPORTER, ROOT, URL, Exporter,
                                   curl_time, in_netns, sh)

LOOP = os.path.join(BUILD, 'bench', 'portwatch_connect_loop')
DISTINCT = 10000
BEGIN = ('<!-- CONNECT FAILURES BEGIN (written by '
         'bench/connect_failures_benchmark.py) -->')
END = '<!-- CONNECT FAILURES END -->'
# Runs inside the starved namespace: every port held by bind(), then one
# failing connect() per destination 2001:db8:<round>::<i>.
FAIL_MANY = """
import socket, sys
round_, count = int(sys.argv[1]), int(sys.argv[2])
held = []
for _ in range(10):
    s = socket.socket(socket.AF_INET6)
    s.bind(('::', 0))
    held.append(s)
failed = 0
for i in range(count):
    s = socket.socket(socket.AF_INET6)
    if s.connect_ex(('2001:db8:%x::%x' % (round_, i + 1), 80)) == 99:
        failed += 1
    s.close()
print(failed)
"""


def namespace(name, *setup):
    subprocess.run(['ip', 'netns', 'del', name], capture_output=True)
    sh(['ip', 'netns', 'add', name])
    sh(['ip', '-n', name, 'link', 'set', 'lo', 'up'])
    for command in setup:
        sh(in_netns(name, command))


def rss_mib(pid):
    with open('/proc/%d/status' % pid) as status:
        return int(next(line for line in status
                        if line.startswith('VmRSS')).split()[1]) / 1024.0


def loop_ns(name, seconds):
    return float(sh(in_netns(name, [LOOP, str(seconds)])).split()[1])


def check_loaded():
    if ('portwatch_scrape_collector_success{collector="connect_failures"} 1'
            not in sh(['curl', '-sf', URL])):
        raise SystemExit('collector connect_failures is not running')


def connect_overhead(rounds, seconds):
    name = 'pwbench-loop'
    namespace(name)
    runs = {'off': [], 'on': []}
    try:
        for round_ in range(rounds):
            order = ('off', 'on') if round_ % 2 == 0 else ('on', 'off')
            for mode in order:
                if mode == 'off':
                    runs[mode].append(loop_ns(name, seconds))
                    continue
                exporter = Exporter(['--collector.connect_failures'])
                try:
                    check_loaded()
                    runs[mode].append(loop_ns(name, seconds))
                finally:
                    exporter.stop()
            print('round %d: off %.0f ns, on %.0f ns' % (
                round_ + 1, runs['off'][-1], runs['on'][-1]), flush=True)
    finally:
        sh(['ip', 'netns', 'del', name])
    off, on = statistics.median(runs['off']), statistics.median(runs['on'])
    # Each round's own ratio: neighbouring runs share the machine's state.
    ratios = [b / a for a, b in zip(runs['off'], runs['on'])]
    return {'runs': runs, 'off_ns': off, 'on_ns': on,
            'ratio': statistics.median(ratios), 'ratios': ratios}


def scrape():
    """(wall seconds, collector seconds) of one scrape."""
    start = time.perf_counter()
    body = sh(['curl', '-sf', URL])
    wall = time.perf_counter() - start
    for line in body.splitlines():
        if line.startswith('portwatch_scrape_collector_duration_seconds'
                           '{collector="connect_failures"}'):
            return wall, float(line.split()[1]), body
    raise SystemExit('no connect_failures duration')


def scrape_cost(rounds):
    name = 'pwbench-fail'
    namespace(name, ['sh', '-c', 'echo "46000 46009" > '
                     '/proc/sys/net/ipv4/ip_local_port_range'],
              ['ip', 'addr', 'add', '2001:db8::1/32', 'dev', 'lo', 'nodad'])
    exporter = Exporter(['--collector.connect_failures',
                         '--no-collector.tcp', '--no-collector.portrange'])
    results = []
    try:
        scrape()
        for round_ in range(1, rounds + 1):
            failed = int(sh(in_netns(name, [sys.executable, '-c', FAIL_MANY,
                                            str(round_), str(DISTINCT)])))
            if failed != DISTINCT:
                raise SystemExit('only %d of %d failed' % (failed, DISTINCT))
            first_wall, first_collector, body = scrape()
            steady = [scrape()[:2] for _ in range(5)]
            series = sum(1 for line in body.splitlines()
                         if line.startswith('portwatch_port_allocation'))
            results.append({
                'round': round_,
                'first_scrape_s': first_wall,
                'first_collector_s': first_collector,
                'steady_scrape_s': statistics.median(w for w, _ in steady),
                'steady_collector_s': statistics.median(c for _, c in steady),
                'series': series,
                'rss_mib': rss_mib(exporter.process.pid)})
            print('round %d: %r' % (round_, results[-1]), flush=True)
    finally:
        exporter.stop()
        sh(['ip', 'netns', 'del', name])
    return results


def render(overhead, scrapes, args):
    lines = [BEGIN, '',
             'Measured on %s, kernel %s, %d CPUs, %s.' % (
                 time.strftime('%Y-%m-%d'), platform.release(),
                 os.cpu_count(), 'bench/connect_failures_benchmark.py '
                 '--rounds %d --seconds %g' % (args.rounds, args.seconds)),
             '',
             '| connect() loop (socket, connect, close) | ns per connection, '
             'median of %d runs |' % args.rounds,
             '|---|---|',
             '| without the collector | %.0f |' % overhead['off_ns'],
             '| with `--collector.connect_failures` | %.0f |' % overhead['on_ns'],
             '| with / without, median of the rounds\' ratios | **%.3f** '
             '(%+.1f %%; rounds from %.3f to %.3f) |' % (
                 overhead['ratio'], 100 * (overhead['ratio'] - 1),
                 min(overhead['ratios']), max(overhead['ratios'])),
             '',
             '| round: 10,000 new failing destinations | first scrape (drain '
             '+ rank) | of it the collector | later scrapes | of it the '
             'collector | RSS |',
             '|---|---|---|---|---|---|']
    for row in scrapes:
        lines.append('| %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f MiB |'
                     % (row['round'], 1e3 * row['first_scrape_s'],
                        1e3 * row['first_collector_s'],
                        1e3 * row['steady_scrape_s'],
                        1e3 * row['steady_collector_s'], row['rss_mib']))
    lines += ['', END]
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--rounds', type=int, default=16)
    parser.add_argument('--seconds', type=float, default=2)
    parser.add_argument('--scrape-rounds', type=int, default=5)
    args = parser.parse_args()
    for path in (EXPORTER, LOOP):
        if not os.access(path, os.X_OK):
            raise SystemExit('build first: %s' % path)
    if not os.path.exists('/sys/kernel/tracing/events'):
        sh(['mount', '-t', 'tracefs', 'nodev', '/sys/kernel/tracing'])
    overhead = connect_overhead(args.rounds, args.seconds)
    scrapes = scrape_cost(args.scrape_rounds)
    with open(os.path.join(ROOT, 'docs',
                           'benchmark_connect_failures.json'), 'w') as out:
        json.dump({'connect_overhead': overhead, 'scrapes': scrapes}, out,
                  indent=1)
    path = os.path.join(ROOT, 'docs', 'benchmarks.md')
    with open(path) as doc:
        text = doc.read()
    block = render(overhead, scrapes, args)
    if BEGIN in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) +
                                                       len(END):]
    else:
        text += '\n' + block + '\n'
    with open(path, 'w') as doc:
        doc.write(text)
    print(block)


if __name__ == '__main__':
    main()
