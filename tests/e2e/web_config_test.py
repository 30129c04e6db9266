"""End-to-end tests of --web.config.file with real TLS clients (Python's
ssl, i.e. OpenSSL, and curl): TLS 1.1 refused and 1.2/1.3 accepted, client
certificates enforced, basic auth on every path, configured headers,
reloading certificates and users without a restart, and broken files."""

import os
import shutil
import socket
import ssl
import statistics
import subprocess
import tempfile
import time

import harness

from web_fixtures import (EXPORTER, PROCFS_ARGS, Pki, bcrypt,
                          client_context, handshake_error, https_get,
                          tls_exporter, write_config)


def test_tls_versions():
    with tls_exporter() as (exporter, pki, _):
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            status, _, body, negotiated, _ = https_get(
                exporter.port, client_context(pki, None, version, version))
            harness.check(status == 200 and 'portwatch_' in body,
                          '%s: status %d' % (version, status))
            harness.check(negotiated == version.name.replace('_', '.'),
                          'negotiated %s, asked %s' % (negotiated, version))
        tls11 = client_context(pki, None, ssl.TLSVersion.TLSv1_1,
                               ssl.TLSVersion.TLSv1_1)
        error = handshake_error(exporter.port, tls11)
        # The server must refuse it: its alert, not a client-side refusal.
        harness.check(error is not None and
                      'PROTOCOL_VERSION' in str(error).upper(),
                      'TLS 1.1: %r' % error)
        curl = subprocess.run(
            ['curl', '-sS', '--cacert', pki.ca, '--tlsv1.3', '-o', '/dev/null',
             '-w', '%{http_code}', 'https://127.0.0.1:%d/' % exporter.port],
            capture_output=True, text=True, timeout=20)
        harness.check(curl.stdout == '200', 'curl TLS 1.3: %r' % (curl,))
        with socket.create_connection(('127.0.0.1', exporter.port),
                                      timeout=10) as plain:
            plain.sendall(b'GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n')
            try:
                answer = plain.recv(65536)
            except OSError:
                answer = b''
        harness.check(b'portwatch_' not in answer,
                      'plain HTTP served on the TLS port: %r' % answer[:80])
        harness.check(exporter.process.poll() is None, 'still running')


def test_min_version_tls13_refuses_tls12():
    with tls_exporter({'min_version': 'TLS13'}) as (exporter, pki, _):
        tls12 = client_context(pki, None, ssl.TLSVersion.TLSv1_2,
                               ssl.TLSVersion.TLSv1_2)
        harness.check(handshake_error(exporter.port, tls12) is not None,
                      'TLS 1.2 accepted with min_version TLS13')
        harness.check(https_get(exporter.port, client_context(pki))[3] ==
                      'TLSv1.3', 'TLS 1.3 negotiated')


def test_client_certificates_enforced():
    cases = [  # client_auth_type, then outcome without, good, rogue cert
        ('RequireAndVerifyClientCert', False, True, False),
        ('VerifyClientCertIfGiven', True, True, False),
        ('RequireAnyClientCert', False, True, True),
    ]
    for auth_type, without, good, rogue in cases:
        with tls_exporter({'client_auth_type': auth_type,
                           'client_ca_file': 'ca.crt'}) as (exporter, pki, _):
            for cert, want in ((None, without), (pki.client, good),
                               (pki.rogue_client, rogue)):
                error = handshake_error(exporter.port,
                                        client_context(pki, cert))
                harness.check((error is None) == want, '%s with %s: %r' % (
                    auth_type, cert and os.path.basename(cert[0]), error))


def test_basic_auth_on_every_path():
    users = {'alice': bcrypt('secret'), 'bob': bcrypt('hunter2')}
    headers = {'X-Frame-Options': 'deny',
               'Strict-Transport-Security': 'max-age=31536000'}
    with tls_exporter(users=users, headers=headers) as (exporter, pki, _):
        context = client_context(pki)
        expected = {('GET', '/metrics'): 200, ('GET', '/'): 200,
                    ('HEAD', '/metrics'): 200, ('GET', '/nope'): 404,
                    ('POST', '/metrics'): 405, ('GET', '/metrics%00x'): 404,
                    ('OPTIONS', '/metrics'): 405}
        for (method, path), want in expected.items():
            for auth in (None, ('alice', 'wrong'), ('eve', 'secret'),
                         ('alice', ''), ('bob', 'secret')):
                status, got_headers, body, _, _ = https_get(
                    exporter.port, context, path, auth, method)
                harness.check(status == 401, '%s %s as %r: %d' % (
                    method, path, auth, status))
                harness.check(got_headers.get('www-authenticate', '')
                              .startswith('Basic'), 'WWW-Authenticate')
                harness.check('portwatch_' not in body, 'no data leaked')
                harness.check(got_headers.get('x-frame-options') == 'deny',
                              'configured header on 401')
            status, got_headers, _, _, _ = https_get(
                exporter.port, context, path, ('alice', 'secret'), method)
            harness.check(status == want, '%s %s as alice: %d, want %d' % (
                method, path, status, want))
            harness.check(got_headers.get('strict-transport-security') ==
                          'max-age=31536000', 'configured header')


def test_unknown_users_cost_as_much_as_wrong_passwords():
    """Timing must not tell which user names exist: an unknown user is
    checked against a decoy hash of the same bcrypt cost (12, ~0.2 s).
    Every attempt uses a new password (outcomes are remembered). The two
    kinds alternate, so a machine busy with other work slows both alike."""
    with tls_exporter(users={'alice': bcrypt('secret', 12)}) as (
            exporter, pki, _):
        context = client_context(pki)
        times = {'alice': [], 'mallory': []}
        for attempt in range(7):
            for user in times:
                start = time.monotonic()
                https_get(exporter.port, context, '/metrics',
                          (user, 'wrong%d' % attempt))
                times[user].append(time.monotonic() - start)
        wrong_password = statistics.median(times['alice'])
        unknown_user = statistics.median(times['mallory'])
        harness.check(wrong_password > 0.05, 'bcrypt cost 12 takes time: %.3f'
                      % wrong_password)
        harness.check(unknown_user > 0.5 * wrong_password,
                      'unknown user %.3f s vs wrong password %.3f s' %
                      (unknown_user, wrong_password))


def test_reload_rotates_certificates_and_users_keeps_last_good():
    with tls_exporter(users={'alice': bcrypt('one')}) as (exporter, pki,
                                                          config):
        context = client_context(pki)
        first_cert = https_get(exporter.port, context, '/', ('alice', 'one'))[4]
        tls = {'cert_file': 'server.crt', 'key_file': 'server.key'}
        write_config(config, tls, {'alice': bcrypt('two')})
        harness.wait_until(lambda: https_get(exporter.port, context, '/',
                                     ('alice', 'two'))[0] == 200,
                   'the new password')
        harness.check(https_get(exporter.port, context, '/',
                                ('alice', 'one'))[0] == 401, 'old password')
        # Certificate rotation: new files in place, the config unchanged.
        for ext in ('.crt', '.key'):
            shutil.copy(pki.path('server2' + ext), pki.path('server' + ext))
        harness.wait_until(lambda: https_get(exporter.port, context, '/',
                                     ('alice', 'two'))[4] != first_cert,
                   'the rotated certificate')
        rotated = https_get(exporter.port, context, '/', ('alice', 'two'))[4]
        rotated_at = time.time()
        # Broken versions are logged and the last good one stays.
        for broken in ('basic_auth_users: [\n',
                       'tls_server_config:\n  cert_file: server.crt\n'
                       '  key_file: client.key\n',
                       'basic_auth_users:\n  alice: two\n'):
            with open(config, 'w') as f:
                f.write(broken)
            time.sleep(1.5)
            status, _, _, _, cert = https_get(exporter.port, context, '/',
                                              ('alice', 'two'))
            harness.check(status == 200 and cert == rotated,
                          'kept the last good config after %r' % broken)
        log = exporter.log_text()
        refused = exporter.logged(
            'web config not reloaded, keeping the previous one')
        harness.check(len(refused) >= 3, log)
        samples = harness.parse_metrics(https_get(
            exporter.port, context, '/metrics', ('alice', 'two'))[2])
        harness.check(harness.value(
            samples, 'portwatch_web_config_last_reload_successful') == 0,
            'broken config on disk reported')
        loaded_at = harness.value(
            samples, 'portwatch_web_config_last_reload_success_timestamp_seconds')
        harness.check(rotated_at - 5 < loaded_at < time.time(),
                      'loaded at %r, rotated at %r' % (loaded_at, rotated_at))
        harness.check(any('key values mismatch' in r['err'] for r in refused),
                      'mismatch named: ' + log)
        write_config(config, None, {'alice': bcrypt('three')})
        harness.wait_until(lambda: any(
            'needs a restart' in r['err'] for r in exporter.logged(
                'web config not reloaded, keeping the previous one')),
                   'turning TLS off refused')
        harness.check(exporter.process.poll() is None, 'still running')


def test_plain_http_with_basic_auth():
    directory = tempfile.mkdtemp()
    try:
        config = os.path.join(directory, 'web.yml')
        write_config(config, users={'alice': bcrypt('secret')})
        with harness.Exporter(EXPORTER, PROCFS_ARGS +
                              ['--web.config.file=' + config]) as exporter:
            harness.check(exporter.get('/')[0] == 401, 'no credentials')
            curl = subprocess.run(
                ['curl', '-s', '-u', 'alice:secret', '-o', '/dev/null', '-w',
                 '%{http_code}', 'http://127.0.0.1:%d/metrics' % exporter.port],
                capture_output=True, text=True, timeout=20)
            harness.check(curl.stdout == '200', 'curl -u: %r' % (curl,))
            # Refusals of HEAD carry no body, and (as every error answer)
            # close the connection: the second request is not answered.
            answer = harness.raw_exchange(
                exporter.port, b'HEAD / HTTP/1.1\r\nHost: x\r\n\r\n'
                b'HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
            harness.check(answer.count(b'HTTP/1.1 401 ') == 1 and
                          answer.endswith(b'\r\n\r\n') and
                          b'401 unauthorized\n' not in answer,
                          'pipelined HEADs: %r' % answer)
    finally:
        shutil.rmtree(directory)


def test_broken_config_at_start_exits_1():
    directory = tempfile.mkdtemp()
    try:
        pki = Pki(directory)
        config = os.path.join(directory, 'web.yml')
        cases = [
            ('basic_auth_users: [\n', 'invalid YAML'),
            ('tls_server_config:\n  cert_file: server.crt\n'
             '  key_file: missing.key\n', 'missing.key'),
            ('tls_server_config:\n  cert_file: server.crt\n'
             '  key_file: client.key\n', 'key values mismatch'),
            ('tls_server_config:\n  cert_file: server.crt\n'
             '  key_file: server.key\n  min_version: TLS11\n', 'floor'),
            ('basic_auth_users:\n  alice: secret\n', 'not a bcrypt hash'),
            ('tls_server_config:\n  cert_file: server.crt\n'
             '  key_file: server.key\n  client_auth_type: '
             'RequireAndVerifyClientCert\n  client_ca_file: server.key\n',
             'client_ca_file'),
        ]
        for text, fragment in cases + [(None, 'No such file or directory')]:
            path = config
            if text is None:
                path = os.path.join(directory, 'absent.yml')
            else:
                with open(config, 'w') as f:
                    f.write(text)
            result = subprocess.run(
                [EXPORTER, '--web.listen-address=127.0.0.1:0',
                 '--web.config.file=' + path] + PROCFS_ARGS,
                capture_output=True, text=True, timeout=20)
            errors = [l for l in result.stderr.splitlines() if 'error' in l]
            harness.check(result.returncode == 1 and len(errors) == 1 and
                          fragment in errors[0],
                          '%r: exit %d, %r' % (text, result.returncode,
                                               result.stderr))
        del pki
    finally:
        shutil.rmtree(directory)


if __name__ == '__main__':
    harness.run_tests([test_tls_versions,
                       test_min_version_tls13_refuses_tls12,
                       test_client_certificates_enforced,
                       test_basic_auth_on_every_path,
                       test_unknown_users_cost_as_much_as_wrong_passwords,
                       test_reload_rotates_certificates_and_users_keeps_last_good,
                       test_plain_http_with_basic_auth,
                       test_broken_config_at_start_exits_1])
