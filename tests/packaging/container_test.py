"""The container image (scripts/build-container.sh saves it into dist/ as an
OCI archive), loaded with podman and run the way the README says:

- the image runs as 65534:65534, exposes 10058, carries the version, and
  holds the package's binary byte for byte, the libraries it loads, their
  copyright files and nothing else: no shell (running /bin/sh fails);
- run with a read-only root in a network namespace made for the test
  (podman --network=ns:..., as hostNetwork would share the host's), it
  serves /metrics as nobody without effective capabilities, reports the
  namespace's range, and counts the client-side TIME_WAIT sockets made
  there exactly.

Needs root, podman and the archive in dist/. Outside CI it skips (exit 77)
without them; with CI=true it fails."""

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'e2e'))
import harness  # noqa: E402
from dist import SOURCE_DIR, VERSION, artifact, podman  # noqa: E402
IMAGE = 'localhost/portwatch:' + VERSION
BINARY = 'usr/bin/portwatch_exporter'
TIME_WAIT_SOCKETS = 50
# Made in the namespace by a child process (tcp_load), which prints the
# listener's port once every socket settled.
LOAD_SCRIPT = '''
import socket, sys
sys.path.insert(0, %r)
import tcp_load
load = tcp_load.Load()
listener = load.listener(socket.AF_INET, '127.0.0.1', 0)
load.time_wait(listener, %d)
tcp_load.wait_until_settled()
print(listener.getsockname()[1])
''' % (os.path.join(SOURCE_DIR, 'tests', 'e2e'), TIME_WAIT_SOCKETS)


def package_binary_sha256(deb):
    data = subprocess.run(['dpkg-deb', '--fsys-tarfile', deb],
                          capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        return hashlib.sha256(
            archive.extractfile('./' + BINARY).read()).hexdigest()


def check_image(deb):
    config = json.loads(podman('image', 'inspect', IMAGE).stdout)[0]['Config']
    harness.check(config.get('User') == '65534:65534', 'user: %s' % config)
    harness.check(config.get('Entrypoint') == ['/' + BINARY],
                  'entrypoint: %s' % config.get('Entrypoint'))
    harness.check('10058/tcp' in config.get('ExposedPorts', {}),
                  'ports: %s' % config.get('ExposedPorts'))
    harness.check(config['Labels'].get('org.opencontainers.image.version') ==
                  VERSION, 'labels: %s' % config['Labels'])
    container = podman('create', IMAGE).stdout.strip()
    try:
        exported = podman('export', container, binary=True).stdout
    finally:
        podman('rm', container)
    with tarfile.open(fileobj=io.BytesIO(exported)) as archive:
        files = {member.name: member for member in archive.getmembers()
                 if member.isfile()}
        image_sha256 = hashlib.sha256(
            archive.extractfile(files[BINARY]).read()).hexdigest()
    harness.check(image_sha256 == package_binary_sha256(deb),
                  'the image\'s binary is not the package\'s')
    unexpected = sorted(name for name in files if not (
        name == BINARY or name in ('etc/passwd', 'etc/group') or
        re.fullmatch(r'(lib|lib64|usr/lib)/.*\.so[.0-9]*', name) or
        re.fullmatch(r'usr/share/doc/[^/]+/copyright', name)))
    harness.check(not unexpected, 'unexpected files: %s' % unexpected)
    harness.check('usr/share/doc/portwatch/copyright' in files and
                  'usr/share/doc/libc6/copyright' in files,
                  'copyright files missing')
    shell = podman('run', '--rm', '--entrypoint', '/bin/sh', IMAGE, '-c',
                   'true', check=False)
    harness.check(shell.returncode != 0, '/bin/sh ran in the image')


def scrape(namespace, timeout=20):
    def answered():
        status, body = harness.curl_get(['ip', 'netns', 'exec', namespace],
                                        'http://127.0.0.1:10058/metrics')
        return body if status == 200 else None
    return harness.parse_metrics(harness.wait_until(
        answered, '/metrics from the container', timeout, interval=0.1))


def test_runs_read_only_as_nobody_and_sees_the_namespace():
    namespace = 'pw-container-%d' % os.getpid()
    subprocess.run(['ip', 'netns', 'add', namespace], check=True)
    container = None
    try:
        subprocess.run(['ip', '-n', namespace, 'link', 'set', 'lo', 'up'],
                       check=True)
        port = int(subprocess.run(
            ['ip', 'netns', 'exec', namespace, sys.executable, '-c',
             LOAD_SCRIPT], capture_output=True, text=True, check=True,
            timeout=60).stdout)
        container = podman(
            'run', '--detach', '--read-only',
            '--network=ns:/run/netns/' + namespace, IMAGE).stdout.strip()
        samples = scrape(namespace)
        pid = podman('inspect', '--format', '{{.State.Pid}}',
                     container).stdout.strip()
        with open('/proc/%s/status' % pid) as file:
            status = file.read()
        harness.check(re.search(r'^Uid:\s+65534\s+65534\s+65534\s+65534$',
                                status, re.M), 'not nobody:\n' + status)
        harness.check(re.search(r'^CapEff:\s+0+$', status, re.M),
                      'effective capabilities:\n' + status)
        success = harness.series(samples, 'portwatch_scrape_collector_success')
        harness.check(success and all(value == 1 for _, value in success),
                      'collectors: %s' % success)
        with open('/proc/sys/net/ipv4/ip_local_port_range') as file:
            first = int(file.read().split()[0])
        harness.check(harness.value(
            samples, 'portwatch_ephemeral_port_range_first', family='ipv4') ==
            first, 'range')
        counted = harness.value(samples, 'portwatch_tcp_time_wait_sockets',
                                family='ipv4', remote_address='127.0.0.1',
                                remote_port=str(port))
        harness.check(counted == TIME_WAIT_SOCKETS,
                      'TIME_WAIT to 127.0.0.1:%d: %s, made %d' % (
                          port, counted, TIME_WAIT_SOCKETS))
    finally:
        if container:
            logs = podman('logs', container, check=False)
            print(logs.stdout + logs.stderr)
            podman('rm', '--force', container, check=False)
        subprocess.run(['ip', 'netns', 'del', namespace])


def main():
    archive = artifact('portwatch_%s_*.oci.tar', 'scripts/release.sh')
    debs = [re.sub(r'\.oci\.tar$', '.deb', archive)]
    harness.check(os.path.exists(debs[0]), 'no ' + debs[0])
    loaded = podman('load', '--input', archive).stdout
    harness.check(IMAGE in loaded, 'podman load: %s' % loaded)

    def test_image_holds_the_package_binary_and_no_shell():
        check_image(debs[0])
    harness.run_tests([test_image_holds_the_package_binary_and_no_shell,
                       test_runs_read_only_as_nobody_and_sees_the_namespace])


if __name__ == '__main__':
    main()
