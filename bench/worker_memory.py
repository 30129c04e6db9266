#!/usr/bin/env python3
"""What CivetWeb's workers cost: portwatch's resident memory, idle, for each
--web.max-connections given (default 256 1024 2048), on the fixture procfs,
and the latency of one scrape with 1000 idle connections open (held back
by the kernel until they send: TCP_DEFER_ACCEPT). For docs/benchmarks.md.
    bench/worker_memory.py [N ...]
Needs a build (BUILD_DIR, default build-dev)."""

import os
import socket
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))
import harness  # noqa: E402

BUILD = os.environ.get('BUILD_DIR', os.path.join(ROOT, 'build-dev'))
EXPORTER = os.path.join(BUILD, 'exporter', 'portwatch_exporter')
PROCFS = ['--path.procfs=' + os.path.join(ROOT, 'tests', 'fixtures', 'proc'),
          '--collector.tcp.source=procfs']


def main():
    for workers in sys.argv[1:] or ['256', '1024', '2048']:
        with harness.Exporter(EXPORTER, PROCFS + [
                '--web.max-connections=' + workers]) as exporter:
            harness.wait_until(lambda: exporter.get()[0] == 200, 'serving')
            idle = harness.resident_kib(exporter.process.pid)
            held = [socket.create_connection(('127.0.0.1', exporter.port))
                    for _ in range(1000)]
            started = time.monotonic()
            status = exporter.get()[0]
            seconds = time.monotonic() - started
            for connection in held:
                connection.close()
        print('%5s workers: %6.1f MiB resident idle; with 1000 idle '
              'connections a scrape answered %d in %.3f s' % (
                  workers, idle / 1024, status, seconds))


if __name__ == '__main__':
    main()
