"""A collection that does not finish never takes /metrics down (issue 23,
items 5 and 6), as root, from a network namespace of its own.

- `--path.procfs` whose net/tcp is a FIFO nobody writes (a read that never
  returns, as on a hung NFS or FUSE mount): every scrape is answered 200
  by the deadline with collector tcp success 0 and timeout 1 and collector
  portrange served; 60 clients that give up on their scrapes hold no
  request slots (the next scrapes and the landing page still answer 200);
  once the read returns, tcp is served again; SIGTERM while the read still
  hangs ends the exporter within seconds, and the scrape in flight gets a
  whole answer or a clean close.
- Collector netns with more namespaces than fit in Prometheus' scrape
  timeout (sent as X-Prometheus-Scrape-Timeout-Seconds): the scrape is
  answered in time, netns succeeds with what it read and counts the rest
  as result="deadline".

Needs root (ip netns). Outside CI it skips (exit 77) when namespaces cannot
be created; with CI=true it fails instead."""

import concurrent.futures
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import harness

EXPORTER = harness.env_path('PORTWATCH_EXPORTER')
FIXTURES = os.path.join(harness.env_path('PORTWATCH_SOURCE_DIR'), 'tests',
                        'fixtures', 'proc')


def get(port, path='/metrics', headers=None, timeout=30):
    """(status, body, seconds) of one request on a new connection."""
    started = time.monotonic()
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=timeout)
    try:
        conn.request('GET', path, headers=headers or {})
        response = conn.getresponse()
        body = response.read().decode('utf-8', 'surrogateescape')
        return response.status, body, time.monotonic() - started
    finally:
        conn.close()


def collector(samples, name, collector_name):
    return harness.value(samples, name, collector=collector_name)


class StuckProcfs:
    """A copy of the fixture procfs whose net/tcp is a FIFO held open for
    writing by the test, so that the exporter's read() blocks until
    release() writes the real content."""

    def __init__(self):
        self.root = tempfile.mkdtemp()
        shutil.rmtree(self.root)
        shutil.copytree(FIXTURES, self.root)
        tcp = os.path.join(self.root, 'net', 'tcp')
        with open(tcp) as real:
            self.content = real.read()
        os.unlink(tcp)
        os.mkfifo(tcp)
        self.writer = os.open(tcp, os.O_RDWR | os.O_NONBLOCK)
        self.tcp = tcp

    def release(self):
        """net/tcp a regular file again, and the blocked read returns."""
        regular = self.tcp + '.regular'
        with open(regular, 'w') as out:
            out.write(self.content)
        os.replace(regular, self.tcp)
        os.write(self.writer, self.content.encode())
        os.close(self.writer)
        self.writer = None

    def close(self):
        if self.writer is not None:
            os.close(self.writer)
        shutil.rmtree(self.root)


def stuck_exporter(procfs):
    return harness.Exporter(EXPORTER, [
        '--path.procfs=' + procfs.root, '--collector.tcp.source=procfs',
        '--scrape.deadline=2s'])


def test_a_read_that_never_returns_does_not_take_metrics_down():
    procfs = StuckProcfs()
    try:
        with stuck_exporter(procfs) as exporter:
            for _ in range(3):
                status, body, seconds = get(exporter.port)
                harness.check(status == 200 and seconds < 4,
                              'scrape: %d after %.1f s' % (status, seconds))
                samples = harness.parse_metrics(body)
                harness.check(
                    collector(samples, 'portwatch_scrape_collector_success',
                              'tcp') == 0 and
                    collector(samples, 'portwatch_scrape_collector_timeout',
                              'tcp') == 1, 'tcp not reported as timed out')
                harness.check(
                    collector(samples, 'portwatch_scrape_collector_success',
                              'portrange') == 1 and
                    harness.value(samples,
                                  'portwatch_ephemeral_port_range_first',
                                  family='ipv4') is not None,
                    'portrange not served')
            # 60 scrapers (more than --web.max-requests) that give up.
            def impatient(_):
                try:
                    get(exporter.port, timeout=0.3)
                except (socket.timeout, OSError):
                    pass
            with concurrent.futures.ThreadPoolExecutor(60) as pool:
                list(pool.map(impatient, range(60)))
            for path in ('/', '/metrics'):
                status, _, seconds = get(exporter.port, path)
                harness.check(status == 200, '%s after abandoned scrapes: %d'
                              % (path, status))
            procfs.release()

            def tcp_served():
                status, body, _ = get(exporter.port)
                samples = harness.parse_metrics(body)
                return status == 200 and collector(
                    samples, 'portwatch_scrape_collector_success',
                    'tcp') == 1 and samples
            samples = harness.wait_until(tcp_served, 'tcp served again')
            harness.check(harness.value(samples, 'portwatch_tcp_sockets',
                                        family='ipv4', state='listen')
                          is not None, 'no sockets after the release')
    finally:
        procfs.close()


def test_sigterm_during_a_hung_read_exits_and_answers_the_scrape():
    procfs = StuckProcfs()
    try:
        with stuck_exporter(procfs) as exporter:
            get(exporter.port)  # tcp is now stuck for good
            raw = socket.create_connection(('127.0.0.1', exporter.port),
                                           timeout=20)
            raw.sendall(b'GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n')
            harness.wait_until(lambda: 'scrape' if harness.value(
                harness.parse_metrics(get(exporter.port)[1]),
                'portwatch_scrape_collector_timeout', collector='tcp') == 1
                else None, 'a scrape to run')
            raw2 = socket.create_connection(('127.0.0.1', exporter.port),
                                            timeout=20)
            raw2.sendall(b'GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n')
            exporter.process.send_signal(signal.SIGTERM)
            started = time.monotonic()
            try:
                code = exporter.process.wait(timeout=8)
            except subprocess.TimeoutExpired:
                code = None
            seconds = time.monotonic() - started
            for sock in (raw, raw2):
                try:
                    answer = harness.read_until_closed(sock)
                except ConnectionResetError:
                    answer = 'reset'
                sock.close()
                harness.check(answer == b'' or answer.startswith(
                    (b'HTTP/1.1 200', b'HTTP/1.1 503')),
                    'in-flight scrape got %r' % answer[:80])
            harness.check(code == 0, 'exit %r after %.1f s' % (code, seconds))
    finally:
        procfs.close()


def test_netns_reads_what_fits_in_the_scrape_timeout():
    names = ['pwsd%d-%d' % (os.getpid(), i) for i in range(300)]
    try:
        for name in names:
            subprocess.run(['ip', 'netns', 'add', name], check=True)
        with harness.Exporter(EXPORTER, ['--collector.netns',
                                         '--scrape.deadline=60s']) as exporter:
            # Prometheus with scrape_timeout 1s: 0.5 s for the collectors.
            status, body, seconds = get(
                exporter.port,
                headers={'X-Prometheus-Scrape-Timeout-Seconds': '1'})
            # In time for Prometheus (1 s; sanitizer builds are slower).
            limit = 3.0 if os.environ.get('PORTWATCH_SANITIZER') else 1.0
            harness.check(status == 200 and seconds < limit,
                          'scrape: %d after %.2f s' % (status, seconds))
            samples = harness.parse_metrics(body)
            counts = {labels['result']: value for labels, value in
                      harness.series(samples, 'portwatch_netns_namespaces')}
            harness.check(collector(samples,
                                    'portwatch_scrape_collector_success',
                                    'netns') == 1, 'netns failed')
            harness.check(counts.get('deadline', 0) > 0 and
                          counts.get('read', 0) > 0 and
                          counts['deadline'] + counts['read'] +
                          counts['over_cap'] >= len(names),
                          'namespaces %r' % counts)
            # Without the header: --scrape.deadline, long enough for all.
            samples = harness.parse_metrics(get(exporter.port)[1])
            counts = {labels['result']: value for labels, value in
                      harness.series(samples, 'portwatch_netns_namespaces')}
            harness.check(counts.get('deadline') == 0 and
                          counts.get('read', 0) + counts['over_cap'] >=
                          len(names),
                          'namespaces without the header %r' % counts)
    finally:
        for name in names:
            subprocess.run(['ip', 'netns', 'del', name], capture_output=True)


if __name__ == '__main__':
    if '--inside' in sys.argv:
        harness.run_tests([
            test_a_read_that_never_returns_does_not_take_metrics_down,
            test_sigterm_during_a_hung_read_exits_and_answers_the_scrape,
            test_netns_reads_what_fits_in_the_scrape_timeout])
    else:
        sys.exit(harness.run_inside_new_netns(__file__, 'portwatch-sd'))
