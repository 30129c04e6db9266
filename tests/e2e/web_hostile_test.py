"""The web config against attackers and careless operators (issue 23,
items 2, 4 and the TLS suites of 7):

- 50 clients looping a wrong password from the exporter's first second on,
  and on through a reload: every real scrape answered 200, and the wrong
  password hashed once (portwatch_web_password_checks_total).
- A bcrypt cost above the maximum: refused at start at once (exit 1, the
  file named); added by a reload, reported as a failed reload while a
  later valid change still applies.
- A FIFO at the config path: refused at start at once; swapped in later,
  the watcher does not block (failed reload reported) and SIGTERM still
  ends the exporter at once.
- TLS 1.2 without cipher_suites: no static-RSA suite is negotiated (no
  forward secrecy), ECDHE with AEAD is."""

import base64
import collections
import http.client
import os
import shutil
import signal
import ssl
import statistics
import subprocess
import tempfile
import threading
import time

import harness
from web_fixtures import (EXPORTER, PROCFS_ARGS, Pki, bcrypt, https_get,
                          write_config)

# A well-formed bcrypt hash of cost 31 (2^31 rounds: hours of CPU).
COST_31_HASH = '$2y$31$' + 'a' * 53


def http_get(port, auth=None, path='/metrics', timeout=30):
    """(status, headers, body) of one request on a new connection."""
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=timeout)
    headers = {}
    if auth:
        token = base64.b64encode(('%s:%s' % auth).encode()).decode()
        headers['Authorization'] = 'Basic ' + token
    try:
        conn.request('GET', path, headers=headers)
        response = conn.getresponse()
        body = response.read().decode('utf-8', 'surrogateescape')
        return (response.status,
                {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        conn.close()


def metrics(port, auth):
    status, _, body = http_get(port, auth)
    harness.check(status == 200, 'metrics: status %d' % status)
    return harness.parse_metrics(body)


class Directory:
    """A temporary directory for a config, removed on exit."""

    def __enter__(self):
        self.path = tempfile.mkdtemp()
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path)


def start(config):
    return harness.Exporter(EXPORTER, PROCFS_ARGS +
                            ['--web.config.file=' + config])


def exits_promptly(process, seconds=5):
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return None


def check_refused_at_start(config):
    """Starting with `config` must end at once with exit 1, naming it."""
    process = subprocess.Popen(
        [EXPORTER, '--web.listen-address=127.0.0.1:0',
         '--web.config.file=' + config] + PROCFS_ARGS,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    code = exits_promptly(process)
    if code is None:
        process.kill()
    stderr = process.communicate()[1]
    harness.check(code == 1, 'start: exit %r: %s' % (code, stderr))
    harness.check(config in stderr, 'file not named: %r' % stderr)


def test_wrong_password_flood_before_and_after_reload():
    scraper = ('prometheus', 'secret')
    with Directory() as directory:
        config = os.path.join(directory, 'web.yml')
        hashed = bcrypt('secret', 10)
        write_config(config, users={'prometheus': hashed})
        with start(config) as exporter:
            stop = threading.Event()
            attacker_statuses = collections.Counter()

            def attack():
                while not stop.is_set():
                    status = http_get(exporter.port, ('prometheus', 'wrong'))[0]
                    attacker_statuses[status] += 1

            attackers = [threading.Thread(target=attack) for _ in range(50)]
            for thread in attackers:
                thread.start()
            statuses, seconds = [], []

            def scrape(times):
                for _ in range(times):
                    started = time.monotonic()
                    statuses.append(http_get(exporter.port, scraper)[0])
                    seconds.append(time.monotonic() - started)
                    time.sleep(0.1)

            try:
                harness.wait_until(lambda: sum(attacker_statuses.values()) > 50,
                                   'the flood to start')
                scrape(20)  # the first one from a fresh exporter among them
                # A reload that leaves the user alone (a header added), as a
                # certificate rotation would.
                write_config(config, users={'prometheus': hashed},
                             headers={'X-Content-Type-Options': 'nosniff'})
                harness.wait_until(
                    lambda: http_get(exporter.port, scraper)[1].get(
                        'x-content-type-options') == 'nosniff',
                    'the reload')
                scrape(20)
            finally:
                stop.set()
                for thread in attackers:
                    thread.join()
            checks = {labels['outcome']: value for labels, value in
                      harness.series(metrics(exporter.port, scraper),
                                     'portwatch_web_password_checks_total')}
        print('flood: %d attacker requests %r; scrapes median %.3f s, '
              'max %.3f s; checks %r' % (
                  sum(attacker_statuses.values()), dict(attacker_statuses),
                  statistics.median(seconds), max(seconds), checks))
        harness.check(statuses == [200] * 40, 'scrapes %r' % statuses)
        harness.check(set(attacker_statuses) == {401},
                      'attackers got %r' % dict(attacker_statuses))
        # The wrong password once and the scraper once, the reload kept
        # both (the user's hash is unchanged); everything else remembered.
        harness.check(checks.get('hashed') == 2 and checks.get('busy') == 0,
                      'password checks %r' % checks)
        harness.check(checks.get('remembered', 0) >=
                      sum(attacker_statuses.values()) - 1,
                      'remembered %r' % checks)


def test_bcrypt_cost_above_the_maximum_is_refused_at_start():
    with Directory() as directory:
        config = os.path.join(directory, 'web.yml')
        write_config(config, users={'prometheus': COST_31_HASH})
        check_refused_at_start(config)


def test_reload_with_a_cost_above_the_maximum_fails_and_later_ones_apply():
    scraper = ('prometheus', 'one')
    with Directory() as directory:
        config = os.path.join(directory, 'web.yml')
        write_config(config, users={'prometheus': bcrypt('one')})
        with start(config) as exporter:
            reloaded = 'portwatch_web_config_last_reload_successful'
            harness.check(harness.value(metrics(exporter.port, scraper),
                                        reloaded) == 1, 'reload at start')
            write_config(config, users={'prometheus': bcrypt('one'),
                                        'costly': COST_31_HASH})
            harness.wait_until(lambda: harness.value(
                metrics(exporter.port, scraper), reloaded) == 0,
                'the failed reload to show')
            write_config(config, users={'prometheus': bcrypt('two')})
            harness.wait_until(
                lambda: http_get(exporter.port, ('prometheus', 'two'))[0]
                == 200, 'the valid change to apply')
            harness.check(harness.value(
                metrics(exporter.port, ('prometheus', 'two')), reloaded) == 1,
                'reload successful again')


def test_a_fifo_at_the_config_path_never_blocks():
    with Directory() as directory:
        fifo = os.path.join(directory, 'fifo.yml')
        os.mkfifo(fifo)
        check_refused_at_start(fifo)

        config = os.path.join(directory, 'web.yml')
        scraper = ('prometheus', 'secret')
        write_config(config, users={'prometheus': bcrypt('secret')})
        with start(config) as exporter:
            os.replace(fifo, config)  # no writer will ever come
            harness.wait_until(lambda: harness.value(
                metrics(exporter.port, scraper),
                'portwatch_web_config_last_reload_successful') == 0,
                'the failed reload to show')
            exporter.process.send_signal(signal.SIGTERM)
            code = exits_promptly(exporter.process)
            harness.check(code == 0, 'SIGTERM: exit %r' % code)


def test_tls12_without_cipher_suites_has_forward_secrecy():
    with Directory() as directory:
        pki = Pki(directory)
        config = os.path.join(directory, 'web.yml')
        write_config(config, tls={'cert_file': 'server-rsa.crt',
                                  'key_file': 'server-rsa.key'})
        with start(config) as exporter:
            def handshake(suite):
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                context.load_verify_locations(pki.ca)
                context.maximum_version = ssl.TLSVersion.TLSv1_2
                context.set_ciphers(suite)
                try:
                    return https_get(exporter.port, context)[0]
                except (ssl.SSLError, ConnectionError) as error:
                    return error

            for static_rsa in ('AES128-SHA', 'AES256-SHA256',
                               'AES128-GCM-SHA256', 'AES256-GCM-SHA384'):
                result = handshake(static_rsa)
                harness.check(isinstance(result, ssl.SSLError),
                              '%s negotiated: %r' % (static_rsa, result))
            for ecdhe in ('ECDHE-RSA-AES128-GCM-SHA256',
                          'ECDHE-RSA-CHACHA20-POLY1305'):
                harness.check(handshake(ecdhe) == 200, ecdhe + ' refused')
            cbc = handshake('ECDHE-RSA-AES128-SHA')  # ECDHE, but not AEAD
            harness.check(isinstance(cbc, ssl.SSLError),
                          'ECDHE-RSA-AES128-SHA negotiated: %r' % cbc)


if __name__ == '__main__':
    harness.run_tests([
        test_wrong_password_flood_before_and_after_reload,
        test_bcrypt_cost_above_the_maximum_is_refused_at_start,
        test_reload_with_a_cost_above_the_maximum_fails_and_later_ones_apply,
        test_a_fifo_at_the_config_path_never_blocks,
        test_tls12_without_cipher_suites_has_forward_secrecy])
