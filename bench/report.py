"""Turns run_benchmark.py's results into the table in docs/benchmarks.md
(between the RESULTS markers) and docs/benchmark_scrape_time.png."""

import json
import os
import platform
import statistics
import subprocess

BEGIN = '<!-- RESULTS BEGIN (written by bench/run_benchmark.py) -->'
END = '<!-- RESULTS END -->'
LABELS = {
    'floor': 'netlink floor',
    'portwatch': 'portwatch scrape',
    'portwatch_gzip': 'portwatch scrape, gzip asked',
    'floor_no_bound': 'netlink floor without bound_inactive',
    'portwatch_no_bound': 'portwatch scrape, --no-collector.tcp.bound-inactive',
    'ss': 'ss -Htan state time-wait',
    'cat_proc': 'cat /proc/net/tcp*',
    'node_exporter': 'node_exporter tcpstat',
}
# The floor each contender is compared with: the dump of the same request.
FLOOR_OF = {'floor_no_bound': 'floor_no_bound',
            'portwatch_no_bound': 'floor_no_bound'}


def machine():
    with open('/proc/cpuinfo') as cpuinfo:
        model = next((l.split(':', 1)[1].strip() for l in cpuinfo
                      if l.startswith('model name')), 'unknown CPU')
    with open('/proc/meminfo') as meminfo:
        memory_kb = int(meminfo.readline().split()[1])
    return '%s, %d cores, %.0f GiB, Linux %s' % (
        model, os.cpu_count(), memory_kb / 1024 / 1024, platform.release())


def table(results, runs):
    lines = ['Machine: ' + machine() + '.', '',
             'Seconds per run (min / median / max of %d runs); ratio = '
             'median / median of the floor in the same namespace and '
             'minute (for the rows without bound_inactive: of the floor '
             'without it).' % runs, '',
             '| sockets | contender | min | median | max | x floor |',
             '|---:|---|---:|---:|---:|---:|']
    for result in results:
        for name, label in LABELS.items():
            floor = statistics.median(
                result['samples'][FLOOR_OF.get(name, 'floor')])
            values = result['samples'][name]
            median = statistics.median(values)
            lines.append('| %d | %s | %.4f | %.4f | %.4f | %.2f |' % (
                result['size'], label, min(values), median, max(values),
                median / floor))
    lines += ['', '| sockets | portwatch peak RSS (MiB) | CPU s per scrape '
              '(median) | 1 scrape: wall / CPU s | 16 concurrent: wall / CPU s |',
              '|---:|---:|---:|---:|---:|']
    for result in results:
        c = result['concurrency']
        lines.append('| %d | %.1f | %.4f | %.3f / %.3f | %.3f / %.3f |' % (
            result['size'], result['peak_rss_mb'],
            statistics.median(result['cpu_per_scrape']), c['single_wall'],
            c['single_cpu'], c['sixteen_wall'], c['sixteen_cpu']))
    return '\n'.join(lines)


def plot(results, path):
    data = path + '.dat'
    with open(data, 'w') as out:
        for result in results:
            out.write('%d %s\n' % (result['size'], ' '.join(
                '%.6f' % statistics.median(result['samples'][name])
                for name in LABELS)))
    curves = ', '.join(
        "'%s' using 1:%d with linespoints title '%s'" % (data, i + 2, label)
        for i, label in enumerate(LABELS.values()))
    script = ('set terminal pngcairo noenhanced size 900,560; set output "%s";'
              'set logscale xy; set xlabel "TIME_WAIT sockets";'
              'set ylabel "seconds (median)"; set key top left;'
              'set title "Scrape time vs sockets"; set grid;'
              'plot %s' % (path, curves))
    subprocess.run(['gnuplot', '-e', script], check=True)
    os.remove(data)


def write(results, runs, root):
    with open(os.path.join(root, 'docs', 'benchmark_results.json'), 'w') as raw:
        json.dump(results, raw, indent=1)
    doc = os.path.join(root, 'docs', 'benchmarks.md')
    with open(doc) as source:
        text = source.read()
    start = text.index(BEGIN) + len(BEGIN)
    end = text.index(END)
    text = text[:start] + '\n' + table(results, runs) + '\n' + text[end:]
    with open(doc, 'w') as out:
        out.write(text)
    plot(results, os.path.join(root, 'docs', 'benchmark_scrape_time.png'))
    print('wrote', doc)
