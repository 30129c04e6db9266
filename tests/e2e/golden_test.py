"""Golden end-to-end test: the real exporter on fixture /proc files with the
procfs source, scraped over HTTP, compared line by line with a golden file
(minus volatile lines) and checked by `promtool check metrics`.

Rewrite the golden file with: PORTWATCH_UPDATE_GOLDEN=1 ctest -R golden
(or python3 golden_test.py --update)."""

import os
import subprocess
import sys

import harness

EXPORTER = harness.env_path('PORTWATCH_EXPORTER')
SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
FIXTURES = os.path.join(SOURCE_DIR, 'tests', 'fixtures', 'proc')
GOLDEN = os.path.join(SOURCE_DIR, 'tests', 'golden', 'metrics.txt')
UPDATE = '--update' in sys.argv or os.environ.get('PORTWATCH_UPDATE_GOLDEN') == '1'

# Samples whose values change from run to run or build to build.
VOLATILE_PREFIXES = ('portwatch_scrape_collector_duration_seconds{',
                     'portwatch_exporter_build_info{', 'process_')


def stable_lines(text):
    return [line for line in text.splitlines()
            if not line.startswith(VOLATILE_PREFIXES)]


def fixture_exporter():
    return harness.Exporter(EXPORTER, ['--path.procfs=' + FIXTURES,
                                       '--collector.tcp.source=procfs',
                                       '--collector.tcp.top-endpoints=5',
                                       '--collector.tcp.top-destinations=5'])


def scrape(exporter):
    status, headers, body = exporter.get()
    harness.check(status == 200, 'status %d' % status)
    harness.check(headers.get('content-type', '').startswith(
        'text/plain; version=0.0.4'), 'content type %r' % headers)
    return body


def scrape_fixtures():
    with fixture_exporter() as exporter:
        return scrape(exporter)


def process_facts(pid):
    """What the kernel says of process `pid`: open descriptors, resident
    bytes, the soft descriptor limit and the start time (Unix seconds)."""
    fds = len(os.listdir('/proc/%d/fd' % pid))
    with open('/proc/%d/status' % pid) as status:
        rss = next(int(line.split()[1]) * 1024 for line in status
                   if line.startswith('VmRSS:'))
    with open('/proc/%d/limits' % pid) as limits:
        max_fds = next(int(line.split()[3]) for line in limits
                       if line.startswith('Max open files'))
    with open('/proc/%d/stat' % pid) as stat:
        start_ticks = int(stat.read().rsplit(')', 1)[1].split()[19])
    with open('/proc/stat') as stat:
        boot = next(int(line.split()[1]) for line in stat
                    if line.startswith('btime '))
    start = boot + start_ticks / os.sysconf('SC_CLK_TCK')
    return fds, rss, max_fds, start


def test_output_matches_golden_file():
    body = scrape_fixtures()
    actual = stable_lines(body)
    if UPDATE:
        with open(GOLDEN, 'w') as golden:
            golden.write('\n'.join(actual) + '\n')
        print('rewrote', GOLDEN)
        return
    with open(GOLDEN) as golden:
        expected = golden.read().splitlines()
    if actual != expected:
        import difflib
        diff = '\n'.join(difflib.unified_diff(expected, actual, 'golden',
                                              'actual', lineterm=''))
        raise AssertionError('output differs from %s (set '
                             'PORTWATCH_UPDATE_GOLDEN=1 to rewrite):\n%s'
                             % (GOLDEN, diff))


def test_process_metrics_are_the_kernels_numbers():
    """process_* as the client libraries publish them, checked against what
    /proc says of the exporter at the same moment."""
    with fixture_exporter() as exporter:
        scrape(exporter)  # the exporter's threads and buffers exist now
        samples = harness.parse_metrics(scrape(exporter))
        fds, rss, max_fds, start = process_facts(exporter.process.pid)
    got = {name: harness.value(samples, name) for name in (
        'process_open_fds', 'process_resident_memory_bytes',
        'process_max_fds', 'process_start_time_seconds',
        'process_virtual_memory_bytes', 'process_cpu_seconds_total')}
    # The scrape's own connection may come and go between the two looks.
    harness.check(abs(got['process_open_fds'] - fds) <= 2,
                  'open fds %r, /proc says %d' % (got, fds))
    harness.check(abs(got['process_resident_memory_bytes'] - rss) < rss / 4,
                  'rss %r, /proc says %d' % (got, rss))
    harness.check(got['process_max_fds'] == max_fds,
                  'max fds %r, /proc says %d' % (got, max_fds))
    harness.check(abs(got['process_start_time_seconds'] - start) < 0.02,
                  'start %r, /proc says %r' % (got, start))
    harness.check(got['process_virtual_memory_bytes'] > rss and
                  0 <= got['process_cpu_seconds_total'] < 30, repr(got))


def test_volatile_lines_are_present_and_sane():
    samples = harness.parse_metrics(scrape_fixtures())
    for collector in ('portrange', 'tcp'):
        duration = harness.value(samples,
                                 'portwatch_scrape_collector_duration_seconds',
                                 collector=collector)
        harness.check(duration is not None and 0 <= duration < 5,
                      'duration of %s: %r' % (collector, duration))
    info = harness.series(samples, 'portwatch_exporter_build_info')
    harness.check(len(info) == 1 and info[0][1] == 1.0, 'build_info %r' % info)
    harness.check(set(info[0][0]) == {'version', 'revision', 'compiler', 'os'},
                  'build_info labels %r' % info)
    harness.check(info[0][0]['os'] == 'linux', 'build_info os %r' % info)


def test_promtool_accepts_the_output():
    body = scrape_fixtures()
    result = subprocess.run(['promtool', 'check', 'metrics'], input=body,
                            capture_output=True, text=True, timeout=60)
    harness.check(result.returncode == 0,
                  'promtool check metrics failed:\n%s%s' %
                  (result.stdout, result.stderr))


if __name__ == '__main__':
    harness.run_tests([test_output_matches_golden_file,
                       test_process_metrics_are_the_kernels_numbers,
                       test_volatile_lines_are_present_and_sane,
                       test_promtool_accepts_the_output])
