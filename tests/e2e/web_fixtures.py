"""What the web config tests share: a throwaway PKI made with openssl,
bcrypt hashes (the system's crypt), web config files written as config
management writes them, TLS clients, and an exporter serving a config."""

import base64
import contextlib
import http.client
import os
import shutil
import ssl
import subprocess
import tempfile
import warnings

import harness

with warnings.catch_warnings():
    warnings.simplefilter('ignore', DeprecationWarning)
    import crypt  # the system's crypt (libxcrypt), for bcrypt hashes

EXPORTER = harness.env_path('PORTWATCH_EXPORTER')
SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
PROCFS_ARGS = ['--path.procfs=' + os.path.join(SOURCE_DIR, 'tests',
                                               'fixtures', 'proc'),
               '--collector.tcp.source=procfs']


def openssl(*args):
    subprocess.run(['openssl'] + list(args), check=True,
                   capture_output=True)


class Pki:
    """A throwaway CA with a server certificate and client certificates,
    plus a rogue CA whose client certificate must not be trusted."""

    def __init__(self, directory):
        self.dir = directory
        self.ca = self._ca('ca')
        self.rogue_ca = self._ca('rogue-ca')
        self.server = self._leaf('server', 'ca', 'IP:127.0.0.1')
        self.server2 = self._leaf('server2', 'ca', 'IP:127.0.0.1')
        self.client = self._leaf('client', 'ca')
        self.rogue_client = self._leaf('rogue-client', 'rogue-ca')
        # RSA, the only key type a static-RSA TLS 1.2 suite could use.
        self.server_rsa = self._leaf('server-rsa', 'ca', 'IP:127.0.0.1',
                                     ('rsa:2048',))

    def path(self, name):
        return os.path.join(self.dir, name)

    def _ca(self, name):
        openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt',
                'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
                '-subj', '/CN=' + name, '-keyout', self.path(name + '.key'),
                '-out', self.path(name + '.crt'))
        return self.path(name + '.crt')

    def _leaf(self, name, ca, san=None,
              key_type=('ec', '-pkeyopt', 'ec_paramgen_curve:P-256')):
        key, csr, crt = (self.path(name + ext) for ext in
                         ('.key', '.csr', '.crt'))
        openssl('req', '-newkey', *key_type, '-nodes', '-subj', '/CN=' + name,
                '-keyout', key, '-out', csr)
        extensions = self.path(name + '.ext')
        with open(extensions, 'w') as f:
            f.write('subjectAltName=%s\n' % (san or 'DNS:' + name))
        openssl('x509', '-req', '-in', csr, '-CA', self.path(ca + '.crt'),
                '-CAkey', self.path(ca + '.key'), '-CAcreateserial',
                '-days', '2', '-extfile', extensions, '-out', crt)
        return crt, key


def bcrypt(password, cost=4):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        return crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH,
                                                  rounds=2 ** cost))


def write_config(path, tls=None, users=None, headers=None):
    lines = []
    if tls:
        lines.append('tls_server_config:')
        lines += ['  %s: %s' % item for item in tls.items()]
    if users:
        lines.append('basic_auth_users:')
        lines += ["  %s: '%s'" % item for item in users.items()]
    if headers:
        lines += ['http_server_config:', '  headers:']
        lines += ['    %s: %s' % item for item in headers.items()]
    # Write then rename, as config management tools do.
    with open(path + '.tmp', 'w') as f:
        f.write('\n'.join(lines) + '\n')
    os.replace(path + '.tmp', path)


def client_context(pki, cert=None, minimum=ssl.TLSVersion.TLSv1_2,
                   maximum=ssl.TLSVersion.TLSv1_3):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(pki.ca)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)  # TLS 1.1
        context.minimum_version = minimum
        context.maximum_version = maximum
    if minimum < ssl.TLSVersion.TLSv1_2:
        context.set_ciphers('DEFAULT:@SECLEVEL=0')  # let the client offer it
    if cert:
        context.load_cert_chain(*cert)
    return context


def https_get(port, context, path='/metrics', auth=None, method='GET'):
    """Returns (status, headers dict, body, TLS version, server cert DER)."""
    conn = http.client.HTTPSConnection('127.0.0.1', port, context=context,
                                       timeout=20)
    try:
        headers = {}
        if auth:
            token = base64.b64encode(('%s:%s' % auth).encode()).decode()
            headers['Authorization'] = 'Basic ' + token
        conn.request(method, path, headers=headers)
        # Before the answer: one that closes the connection (an error)
        # leaves http.client without a socket.
        version = conn.sock.version()
        certificate = conn.sock.getpeercert(binary_form=True)
        response = conn.getresponse()
        body = response.read().decode()
        return (response.status,
                {k.lower(): v for k, v in response.getheaders()}, body,
                version, certificate)
    finally:
        conn.close()


def handshake_error(port, context):
    """The SSL error a GET fails with, or None when it succeeds."""
    try:
        https_get(port, context)
    except (ssl.SSLError, ConnectionError) as error:
        return error
    return None


@contextlib.contextmanager
def tls_exporter(tls_extra=None, users=None, headers=None):
    directory = tempfile.mkdtemp()
    try:
        pki = Pki(directory)
        tls = {'cert_file': 'server.crt', 'key_file': 'server.key'}
        tls.update(tls_extra or {})
        config = os.path.join(directory, 'web.yml')
        write_config(config, tls, users, headers)
        with harness.Exporter(EXPORTER, PROCFS_ARGS +
                              ['--web.config.file=' + config]) as exporter:
            yield exporter, pki, config
    finally:
        shutil.rmtree(directory)
