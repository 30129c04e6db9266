"""Shared helpers for portwatch's end-to-end tests: start the real exporter
binary, wait for the port it logs, read its log lines as fields (logfmt
or JSON), scrape it over HTTP, parse the text exposition format. Standard
library only."""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

_LOGFMT_FIELD_RE = re.compile(r'([A-Za-z_][A-Za-z0-9_.]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)')
_SAMPLE_RE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
_LABEL_RE = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


class Exporter:
    """A running portwatch_exporter (optionally started through `launcher`,
    e.g. wine). Stops the process on exit from a with-block."""

    def __init__(self, binary, args, startup_timeout=10.0,
                 listen='127.0.0.1:0', launcher=()):
        self.log = tempfile.TemporaryFile(mode='w+')
        command = (list(launcher) + [binary, '--web.listen-address=' + listen]
                   + list(args))
        self.process = subprocess.Popen(command, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        self.port = self._wait_for_port(startup_timeout)

    def _wait_for_port(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for record in self.logged('listening'):
                return int(record['address'].rsplit(':', 1)[1])
            if self.process.poll() is not None:
                raise RuntimeError('exporter exited with %d:\n%s' %
                                   (self.process.returncode, self.log_text()))
            time.sleep(0.02)
        raise RuntimeError('exporter did not log its port:\n' + self.log_text())

    def log_text(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def log_records(self):
        """Every log line so far as a dict of its fields (parse_log)."""
        return parse_log(self.log_text())

    def logged(self, msg, **fields):
        """The log records with this msg and these field values."""
        return [record for record in self.log_records()
                if record.get('msg') == msg and
                all(record.get(k) == v for k, v in fields.items())]

    def get(self, path='/metrics', method='GET', connection=None):
        """Returns (status, headers dict, body str)."""
        conn = connection or http.client.HTTPConnection('127.0.0.1', self.port,
                                                        timeout=30)
        try:
            conn.request(method, path)
            response = conn.getresponse()
            body = response.read().decode('utf-8', 'surrogateescape')
            headers = {k.lower(): v for k, v in response.getheaders()}
            return response.status, headers, body
        finally:
            conn.close()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        self.log.close()


def parse_log(text):
    """Parses the exporter's log lines, logfmt (key=value, key="quoted \\"
    value") or JSON objects, into dicts of strings. A line that starts like
    one (`ts=` or `{`) but does not parse raises ValueError; other lines
    (what a launcher such as wine prints) and a last line still being
    written are skipped."""
    records = []
    complete = text[:text.rfind('\n') + 1]
    for line in complete.splitlines():
        line = line.rstrip('\r')
        if not line.startswith(('ts=', '{')):
            continue
        if line.startswith('{'):
            records.append({k: str(v) for k, v in json.loads(line).items()})
            continue
        record, end = {}, 0
        for match in _LOGFMT_FIELD_RE.finditer(line):
            if line[end:match.start()].strip():
                raise ValueError('not logfmt: %r' % line)
            value = match.group(2)
            if value.startswith('"'):
                value = json.loads(value)  # logfmt's escapes are JSON's
            record[match.group(1)] = value
            end = match.end()
        if line[end:].strip() or 'msg' not in record:
            raise ValueError('not logfmt: %r' % line)
        records.append(record)
    return records


def read_until_closed(connection):
    """Everything a socket receives until the peer closes it."""
    data = b''
    while True:
        chunk = connection.recv(65536)
        if not chunk:
            return data
        data += chunk


def raw_exchange(port, requests):
    """Sends raw bytes (HTTP requests) on one connection to 127.0.0.1:port;
    returns all bytes received until the server closes it."""
    with socket.create_connection(('127.0.0.1', port), timeout=10) as raw:
        raw.sendall(requests)
        return read_until_closed(raw)


def promtool_check_metrics(text):
    """Raises ValueError unless `promtool check metrics` accepts `text` with
    no complaint (what Prometheus would ingest, lint-clean)."""
    result = subprocess.run(['promtool', 'check', 'metrics'],
                            input=text.encode('utf-8', 'surrogateescape'),
                            capture_output=True, timeout=60)
    if result.returncode != 0:
        raise ValueError('promtool check metrics exited %d: %s' % (
            result.returncode,
            (result.stdout + result.stderr).decode('utf-8', 'replace')))


def _unescape_label_value(escaped):
    return re.sub(r'\\(.)', lambda m: '\n' if m.group(1) == 'n'
                  else m.group(1), escaped)


def parse_metrics(text):
    """Maps (name, frozenset of (label, value)) to the sample's float value,
    label values unescaped. Every scrape an end-to-end test reads goes
    through here, so each is also checked by `promtool check metrics`.
    Raises ValueError on text that is not valid exposition."""
    promtool_check_metrics(text)
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith('#'):
            continue
        match = _SAMPLE_RE.match(line)
        if not match:
            raise ValueError('bad exposition line: %r' % line)
        labels = frozenset(
            (name, _unescape_label_value(escaped))
            for name, escaped in _LABEL_RE.findall(match.group(3) or ''))
        samples[(match.group(1), labels)] = float(match.group(4))
    return samples


def value(samples, name, **labels):
    """The value of the one sample of `name` with exactly `labels`."""
    return samples.get((name, frozenset(labels.items())))


def series(samples, name):
    """All samples of family `name` as a list of (labels dict, value)."""
    return [(dict(labels), v) for (n, labels), v in samples.items() if n == name]


def wait_until(condition, what, timeout=10, interval=0.2):
    """Polls `condition` until it returns something true and returns that;
    fails (AssertionError: timed out waiting for `what`) after `timeout`
    seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        check(time.monotonic() < deadline, 'timed out waiting for ' + what)
        time.sleep(interval)


def curl_get(launcher, url):
    """(status, body) of GET `url` with curl run through `launcher`, a
    command prefix that enters a network namespace (`ip netns exec NS`,
    `nsenter --target PID --net`); status 0 when no connection was made."""
    result = subprocess.run(
        list(launcher) + ['curl', '--silent', '--max-time', '10',
                          '--write-out', '\n%{http_code}', url],
        capture_output=True, text=True, timeout=30)
    body, _, status = result.stdout.rpartition('\n')
    return int(status or 0), body


def resident_kib(pid):
    """Resident memory of process `pid` (VmRSS), in KiB."""
    with open('/proc/%d/status' % pid) as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    raise RuntimeError('no VmRSS for %d' % pid)


def check(condition, message):
    """Fails the test with `message` (an AssertionError) unless condition."""
    if not condition:
        raise AssertionError(message)


def run_tests(tests):
    """Runs named test functions, prints a closing 'N passed, N failed' line
    and exits non-zero on any failure."""
    passed = failed = 0
    for test in tests:
        name = test.__name__
        try:
            test()
            print('PASS', name, flush=True)
            passed += 1
        except Exception as error:  # report and continue with the rest
            print('FAIL %s: %s: %s' % (name, type(error).__name__, error),
                  flush=True)
            failed += 1
    print('%d passed, %d failed' % (passed, failed), flush=True)
    raise SystemExit(1 if failed else 0)


SKIP = 77  # CTest's SKIP_RETURN_CODE for these tests


def cannot_run(message):
    """Says why a test cannot run here and returns its exit code: a skip
    (77), except under CI=true, where it is a failure."""
    if os.environ.get('CI'):
        print('FAIL: ' + message + '; CI must run this test')
        print('0 passed, 1 failed')
        return 1
    print('SKIP: ' + message)
    return SKIP


def run_inside_new_netns(script, prefix):
    """Runs `script --inside` in a new network namespace with loopback up and
    returns its exit code; removes the namespace afterwards. Without root or
    ip netns it skips (exit 77), except under CI=true, where it fails."""
    namespace = '%s-%d' % (prefix, os.getpid())
    if os.geteuid() != 0 or subprocess.run(
            ['ip', 'netns', 'add', namespace], capture_output=True).returncode:
        return cannot_run(
            'cannot create a network namespace (needs root and ip netns)')
    try:
        subprocess.run(['ip', '-n', namespace, 'link', 'set', 'lo', 'up'],
                       check=True)
        # Shorter than CTest's TIMEOUT, so this cleanup always runs.
        return subprocess.run(['ip', 'netns', 'exec', namespace,
                               sys.executable, os.path.abspath(script),
                               '--inside'], timeout=500).returncode
    except subprocess.TimeoutExpired:
        print('FAIL: %s timed out\n0 passed, 1 failed' % script)
        return 1
    finally:
        # Whatever the test left running in the namespace goes with it.
        pids = subprocess.run(['ip', 'netns', 'pids', namespace],
                              capture_output=True, text=True).stdout.split()
        for pid in pids:
            subprocess.run(['kill', '-9', pid], capture_output=True)
        subprocess.run(['ip', 'netns', 'del', namespace])


def nobody_with(caps):
    """A launcher (Exporter's `launcher`) that runs as nobody with exactly
    `caps` (setpriv names such as 'sys_admin'), ambient so they survive
    exec, as systemd's AmbientCapabilities= does."""
    spec = ','.join(['-all'] + ['+' + cap for cap in caps])
    return ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups',
            '--inh-caps=' + spec, '--ambient-caps=' + spec,
            '--bounding-set=' + spec, '--no-new-privs']


def ensure_tracefs():
    """Mounts tracefs at /sys/kernel/tracing unless it is there, for
    collector connect_failures: `ip netns exec` gives the test a fresh /sys
    without it (the mount stays in that command's own mount namespace)."""
    if not os.path.exists('/sys/kernel/tracing/events'):
        subprocess.run(['mount', '-t', 'tracefs', 'nodev',
                        '/sys/kernel/tracing'], check=True)


def write_sysctl(name, value):
    """Writes net.ipv4.<name> in the current network namespace."""
    with open('/proc/sys/net/ipv4/' + name, 'w') as sysctl:
        sysctl.write(value)


def env_path(name):
    path = os.environ.get(name)
    if not path:
        raise SystemExit('%s is not set (run through ctest)' % name)
    return path
