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
                     'portwatch_exporter_build_info{')


def stable_lines(text):
    return [line for line in text.splitlines()
            if not line.startswith(VOLATILE_PREFIXES)]


def scrape_fixtures():
    with harness.Exporter(EXPORTER, ['--path.procfs=' + FIXTURES,
                                     '--collector.tcp.source=procfs',
                                     '--collector.tcp.top-endpoints=5',
                                     '--collector.tcp.top-destinations=5']) as exporter:
        status, headers, body = exporter.get()
        harness.check(status == 200, 'status %d' % status)
        harness.check(headers.get('content-type', '').startswith(
            'text/plain; version=0.0.4'), 'content type %r' % headers)
        return body


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
                       test_volatile_lines_are_present_and_sane,
                       test_promtool_accepts_the_output])
