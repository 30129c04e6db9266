"""End-to-end tests of the HTTP surface of the real binary: paths and
methods, IPv6, HEAD and errors on kept-alive connections, malformed
requests, concurrent scrapes coalescing, the in-flight limit, TCP_NODELAY,
and idle connections not starving scrapes."""

import contextlib
import ctypes
import gzip
import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

import harness

EXPORTER = harness.env_path('PORTWATCH_EXPORTER')
SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
FIXTURES = os.path.join(SOURCE_DIR, 'tests', 'fixtures')
PROCFS_ARGS = ['--path.procfs=' + os.path.join(FIXTURES, 'proc'),
               '--collector.tcp.source=procfs']


def test_http_paths_and_methods():
    with harness.Exporter(EXPORTER, PROCFS_ARGS +
                          ['--web.telemetry-path=/custom']) as exporter:
        status, headers, body = exporter.get('/')
        harness.check(status == 200 and 'href="/custom"' in body and
                      'tcp' in body, body)
        harness.check(headers['content-type'].startswith('text/html'), headers)
        harness.check(exporter.get('/custom')[0] == 200, '/custom')
        harness.check(exporter.get('/metrics')[0] == 404, '/metrics moved')
        harness.check(exporter.get('/nope')[0] == 404, '/nope')
        status, headers, _ = exporter.get('/custom', method='POST')
        harness.check(status == 405 and headers.get('allow') == 'GET, HEAD',
                      'POST: %d %r' % (status, headers))


def raw_get(port, headers, method='GET'):
    """(status, headers dict, body bytes) of one request with exactly
    `headers` (http.client would add Accept-Encoding: identity)."""
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
    try:
        conn.putrequest(method, '/metrics', skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        return (response.status, {k.lower(): v for k, v in
                                   response.getheaders()}, response.read())
    finally:
        conn.close()


def stable_samples(text):
    samples = harness.parse_metrics(text)
    return {key: value for key, value in samples.items()
            if not key[0].startswith(('process_', 'portwatch_web_metrics_'))
            and key[0] != 'portwatch_scrape_collector_duration_seconds'}


def test_gzip_when_the_client_accepts_it():
    """As promhttp: gzip for Prometheus' Accept-Encoding, the same page as
    plain text for everyone else."""
    with harness.Exporter(EXPORTER, PROCFS_ARGS) as exporter:
        plain = raw_get(exporter.port, {})
        harness.check(plain[0] == 200 and 'content-encoding' not in plain[1],
                      'no Accept-Encoding: %r' % (plain[1],))
        want = stable_samples(plain[2].decode())
        prometheus = {'Accept': 'application/openmetrics-text;version=1.0.0;'
                                'q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1',
                      'Accept-Encoding': 'gzip',
                      'X-Prometheus-Scrape-Timeout-Seconds': '10'}
        status, headers, body = raw_get(exporter.port, prometheus)
        harness.check(status == 200 and headers.get('content-encoding') ==
                      'gzip' and headers.get('vary') == 'Accept-Encoding',
                      'Prometheus asked for gzip: %r' % headers)
        harness.check(int(headers['content-length']) == len(body), 'length')
        text = gzip.decompress(body).decode()
        harness.check(stable_samples(text) == want, 'gzip page differs')
        harness.check(len(body) * 4 < len(text), 'compressed %d of %d bytes' %
                      (len(body), len(text)))
        for refuses in ('identity', 'gzip;q=0', 'br, deflate', '*;q=0'):
            status, headers, body = raw_get(exporter.port,
                                            {'Accept-Encoding': refuses})
            harness.check(status == 200 and 'content-encoding' not in headers
                          and body.startswith(b'# HELP'),
                          '%s: %r' % (refuses, headers))
        status, headers, body = raw_get(exporter.port,
                                        {'Accept-Encoding': 'gzip'}, 'HEAD')
        harness.check(status == 200 and headers.get('content-encoding') ==
                      'gzip' and body == b'', 'HEAD: %r' % headers)
        # curl, a real client, negotiates and decodes it.
        curl = subprocess.run(
            ['curl', '-sS', '--compressed', '-D', '/dev/stderr',
             'http://127.0.0.1:%d/metrics' % exporter.port],
            capture_output=True, text=True, timeout=30, check=True)
        harness.check('content-encoding: gzip' in curl.stderr.lower() and
                      stable_samples(curl.stdout) == want, curl.stderr)
        # Counted per encoding: two gzip GETs (HEAD sends no page), five
        # plain.
        samples = harness.parse_metrics(raw_get(exporter.port, {})[2].decode())
        sent = {labels['encoding']: value for labels, value in harness.series(
            samples, 'portwatch_web_metrics_responses_total')}
        harness.check(sent == {'gzip': 2, 'identity': 5}, 'counted %r' % sent)


def test_ipv6_listen_address():
    with harness.Exporter(EXPORTER, PROCFS_ARGS, listen='[::1]:0') as exporter:
        harness.check([r for r in exporter.logged('listening')
                       if r['address'].startswith('[::1]:')],
                      exporter.log_text())
        connection = http.client.HTTPConnection('::1', exporter.port,
                                                timeout=10)
        status, _, body = exporter.get(connection=connection)
        harness.check(status == 200 and 'portwatch_' in body, 'scrape')
        with contextlib.suppress(OSError), socket.create_connection(
                ('127.0.0.1', exporter.port), timeout=5):
            harness.check(False, 'also listening on IPv4')


def test_head_has_no_body_and_errors_keep_the_connection_usable():
    with harness.Exporter(EXPORTER, PROCFS_ARGS) as exporter:
        # http.client never reads a HEAD body, so check the raw bytes: the
        # second response must start right after the first one's headers.
        for first in (b'HEAD /metrics', b'HEAD /', b'POST /metrics',
                      b'GET /nope'):
            reply = harness.raw_exchange(
                exporter.port,
                first + b' HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n'
                b'GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n')
            head, _, rest = reply.partition(b'\r\n\r\n')
            status = head.split(b' ')[1]
            if first.startswith(b'HEAD'):
                harness.check(status == b'200', 'HEAD status %r' % head)
                harness.check(rest.startswith(b'HTTP/1.1 200'),
                              '%r: body or garbage after HEAD: %r' %
                              (first, rest[:60]))
            else:
                # After an error response the connection either closes
                # cleanly or serves the next request; never garbage.
                harness.check(status in (b'404', b'405'), repr(head))
                length = int(re.search(rb'Content-Length: (\d+)', head).group(1))
                after = rest[length:]
                harness.check(after == b'' or after.startswith(b'HTTP/1.1 200'),
                              '%r: unexpected bytes %r' % (first, after[:60]))


def test_malformed_http_requests_do_not_hurt():
    with harness.Exporter(EXPORTER, PROCFS_ARGS) as exporter:
        huge_header = b'X-Big: ' + b'a' * 9000 + b'\r\n'
        many_headers = b''.join(b'X-%d: 1\r\n' % i for i in range(100))
        for raw in (b'GARBAGE\r\n\r\n', b'GET /metrics HTTP/9.9\r\n\r\n',
                    b'GET ' + b'a' * 20000 + b' HTTP/1.1\r\n\r\n',
                    b'\x00\x01\x02\r\n\r\n',
                    b'GET /metrics HTTP/1.1\r\n' + huge_header + b'\r\n',
                    b'GET /metrics HTTP/1.1\r\nContent-Length: -5\r\n\r\n',
                    b'POST /metrics HTTP/1.1\r\nContent-Length: 99999999999'
                    b'\r\n\r\npartial body',
                    # A body portwatch does not read: answered, then closed
                    # (the loop below ends only when the server closes).
                    b'GET /metrics HTTP/1.1\r\nTransfer-Encoding: chunked'
                    b'\r\n\r\nzzzz\r\n'):
            started = time.monotonic()
            answer = b''
            with socket.create_connection(('127.0.0.1', exporter.port),
                                          timeout=10) as raw_socket:
                # The server may answer and close (even reset) before all
                # of a bad request is sent; that is a fine outcome.
                try:
                    raw_socket.sendall(raw)
                    raw_socket.shutdown(socket.SHUT_WR)
                    while True:
                        chunk = raw_socket.recv(65536)
                        if not chunk:
                            break
                        answer += chunk
                except socket.timeout:
                    harness.check(False, 'no end after %r' % raw[:40])
                except OSError:
                    pass
            harness.check(time.monotonic() - started < 5, 'slow: %r' % raw[:40])
            bad_status = rb'HTTP/\d\.\d [45]\d\d'
            if b'chunked' in raw:
                bad_status = rb'HTTP/1\.1 200 .*\r\n\r\n# HELP(?!.*HTTP/1)'
            harness.check(answer == b'' or re.match(bad_status, answer, re.S),
                          '%r answered %r' % (raw[:40], answer[:60]))
        # A body that never ends: answered at once and the connection closed
        # (well before CivetWeb's 2 s request timeout), not read.
        started = time.monotonic()
        answer = harness.raw_exchange(
            exporter.port, b'POST / HTTP/1.1\r\nContent-Length: 1000000'
            b'\r\n\r\nstart of a body')
        harness.check(answer.startswith(b'HTTP/1.1 405') and
                      time.monotonic() - started < 1.5,
                      'endless body: %r after %.1f s' %
                      (answer[:20], time.monotonic() - started))
        # Past CivetWeb's 64 headers the rest are ignored: still a scrape.
        with socket.create_connection(('127.0.0.1', exporter.port),
                                      timeout=10) as raw_socket:
            raw_socket.sendall(b'GET /metrics HTTP/1.1\r\n' + many_headers +
                               b'Connection: close\r\n\r\n')
            harness.check(raw_socket.recv(12) == b'HTTP/1.1 200', '100 headers')
        harness.check(exporter.get()[0] == 200, 'still serving')
        harness.check(exporter.process.poll() is None, 'still running')


@contextlib.contextmanager
def slow_procfs():
    """A copy of the fixture /proc with 300k extra sockets, so that one
    collection takes long enough for concurrent scrapes to overlap."""
    root = tempfile.mkdtemp()
    try:
        shutil.copytree(os.path.join(FIXTURES, 'proc'), root, dirs_exist_ok=True)
        line = ('%4d: 0500010A:9C41 0100090A:01BB 06 00000000:00000000 '
                '00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n')
        with open(os.path.join(root, 'net', 'tcp'), 'a') as table:
            table.write(''.join(line % i for i in range(300000)))
        yield ['--path.procfs=' + root, '--collector.tcp.source=procfs']
    finally:
        shutil.rmtree(root)


def concurrently(count, scrape):
    """Runs `scrape` in `count` threads released together; returns their
    results."""
    barrier = threading.Barrier(count)
    results = []

    def run():
        barrier.wait()
        results.append(scrape())

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_scrapes_coalesce():
    with slow_procfs() as args, harness.Exporter(EXPORTER, args) as e:
        responses = concurrently(16, e.get)
        harness.check(all(status == 200 for status, _, _ in responses),
                      'status')
        # Each collection has its own duration values, so identical bodies
        # came from one shared collection.
        distinct = len({body for _, _, body in responses})
        harness.check(distinct <= 4, '%d distinct bodies from 16 scrapes'
                      % distinct)


def test_requests_past_the_limit_get_503():
    with slow_procfs() as args, harness.Exporter(
            EXPORTER, args + ['--web.max-requests=1']) as e:
        statuses = [status for status, _, _ in concurrently(8, e.get)]
        harness.check(200 in statuses and 503 in statuses and
                      set(statuses) <= {200, 503}, repr(statuses))
        # A worker counts its request until its handler returns, which can
        # be just after the client has read the response: idle is reached
        # within moments, not necessarily by the next request.
        deadline = time.monotonic() + 5
        while e.get()[0] != 200:
            harness.check(time.monotonic() < deadline,
                          'serves again when idle')


def exporter_side_socket(pid, port, client):
    """A duplicate (pidfd_getfd) of the exporter's end of `client`'s
    connection to `port`, to read its socket options."""
    peer = '%04X' % client.getsockname()[1]
    with open('/proc/%d/net/tcp' % pid) as table:
        inodes = [fields[9] for fields in map(str.split, table.readlines()[1:])
                  if fields[1].endswith(':%04X' % port) and
                  fields[2].endswith(':' + peer)]
    harness.check(len(inodes) == 1, 'server side of the connection: %r' % inodes)
    fds = [int(fd) for fd in os.listdir('/proc/%d/fd' % pid)
           if os.readlink('/proc/%d/fd/%s' % (pid, fd)) ==
           'socket:[%s]' % inodes[0]]
    harness.check(len(fds) == 1, 'exporter fd of the connection: %r' % fds)
    pidfd = os.pidfd_open(pid)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pidfd_getfd = 438  # the same number on every architecture
        fd = libc.syscall(pidfd_getfd, pidfd, fds[0], 0)
        harness.check(fd >= 0, 'pidfd_getfd: %s' % os.strerror(ctypes.get_errno()))
    finally:
        os.close(pidfd)
    return socket.socket(fileno=fd)


def test_answers_do_not_wait_for_the_clients_ack():
    """CivetWeb writes the headers and the body separately. With Nagle's
    algorithm the body then waits for the client's ACK of the headers,
    which a keep-alive client asking back to back delays by 40 ms: 16 such
    scrapers at 10,000 sockets waited 56 ms (median) for collections of
    10 ms, 7.7 ms without Nagle. The exporter's sockets must have
    TCP_NODELAY."""
    with harness.Exporter(EXPORTER, PROCFS_ARGS) as exporter:
        client = http.client.HTTPConnection('127.0.0.1', exporter.port,
                                            timeout=10)
        try:
            client.request('GET', '/metrics')
            harness.check(client.getresponse().read() != b'', 'scrape')
            with exporter_side_socket(exporter.process.pid, exporter.port,
                                      client.sock) as server_side:
                nodelay = server_side.getsockopt(socket.IPPROTO_TCP,
                                                 socket.TCP_NODELAY)
            harness.check(nodelay != 0, 'TCP_NODELAY is off')
        finally:
            client.close()


def test_every_request_line_gets_an_answer():
    """Request lines CivetWeb cannot map to a path were closed without a
    word, and two Content-Length headers were taken (the first one), which
    a proxy in front may read differently (request smuggling)."""
    with harness.Exporter(EXPORTER, PROCFS_ARGS) as exporter:
        own = b'http://127.0.0.1:%d' % exporter.port
        cases = [
            (b'GET ' + own + b'/metrics', b'200'),  # absolute form: served
            (b'GET http://127.0.0.1:1/metrics', b'400'),  # another server
            (b'OPTIONS *', b'400'),
            (b'GET example.com/metrics', b'400'),
        ]
        for line, status in cases:
            answer = harness.raw_exchange(
                exporter.port, line + b' HTTP/1.1\r\nHost: x\r\n'
                b'Connection: close\r\n\r\n')
            harness.check(answer.startswith(b'HTTP/1.1 ' + status),
                          '%r answered %r' % (line, answer[:40]))
        answer = harness.raw_exchange(
            exporter.port, b'GET /metrics HTTP/1.1\r\nHost: x\r\n'
            b'Content-Length: 0\r\nContent-Length: 5\r\n\r\nhello'
            b'GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n')
        harness.check(answer.startswith(b'HTTP/1.1 400') and
                      answer.count(b'HTTP/1.1') == 1,
                      'two Content-Length headers: %r' % answer[:60])


def test_idle_connections_do_not_starve_scrapes():
    """200 idle connections and 64 scrapers at once, three rounds: every
    scrape succeeds quickly and memory stays bounded. (Resident memory
    rises over the first rounds as CivetWeb's 256 workers and malloc's
    per-thread arenas are first used, then levels off: 33 MiB after 50
    rounds when measured; leaks are the sanitizer run's job.)"""
    # No 503s wanted here: the in-flight limit is tested on its own.
    with harness.Exporter(EXPORTER, PROCFS_ARGS +
                          ['--web.max-requests=100']) as exporter:
        def timed_scrape():
            started = time.monotonic()
            return exporter.get()[0], time.monotonic() - started

        resident = []
        for _ in range(3):
            idle = [socket.create_connection(('127.0.0.1', exporter.port),
                                             timeout=10) for _ in range(200)]
            try:
                results = concurrently(64, timed_scrape)
                harness.check(all(status == 200 for status, _ in results),
                              'statuses %r' % sorted({s for s, _ in results}))
                slowest = max(seconds for _, seconds in results)
                harness.check(slowest < 5, 'slowest scrape %.1f s' % slowest)
                resident.append(harness.resident_kib(exporter.process.pid))
            finally:
                for connection in idle:
                    connection.close()
        # ASan's shadow memory and quarantine roughly quadruple it.
        limit = 64 * 1024 * (4 if os.environ.get('PORTWATCH_SANITIZER') else 1)
        harness.check(max(resident) < limit,
                      'resident KiB per round %r' % resident)


if __name__ == '__main__':
    harness.run_tests([test_http_paths_and_methods,
                       test_gzip_when_the_client_accepts_it,
                       test_ipv6_listen_address,
                       test_head_has_no_body_and_errors_keep_the_connection_usable,
                       test_malformed_http_requests_do_not_hurt,
                       test_every_request_line_gets_an_answer,
                       test_concurrent_scrapes_coalesce,
                       test_requests_past_the_limit_get_503,
                       test_answers_do_not_wait_for_the_clients_ack,
                       test_idle_connections_do_not_starve_scrapes])
