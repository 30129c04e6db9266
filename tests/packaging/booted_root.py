"""A fresh Debian root file system booted with systemd as PID 1 in a
container (systemd-nspawn --boot), for the package tests: commands run
inside it through nsenter, HTTP goes to its loopback from the host's curl
inside its network namespace (--private-network: it has no other network).
Needs root."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'e2e'))
import harness  # noqa: E402

PATH = '/usr/sbin:/usr/bin:/sbin:/bin'
BOOT_TIMEOUT = 120


class BootedRoot:
    """The root file system in `tarball`, unpacked into a temporary
    directory and booted; powered off and deleted on exit from a
    with-block."""

    def __init__(self, tarball, name='portwatch-test'):
        self.directory = tempfile.mkdtemp(prefix='portwatch-root-',
                                          dir='/var/tmp')
        self.path = os.path.join(self.directory, 'root')
        os.mkdir(self.path)
        subprocess.run(['tar', '--extract', '--numeric-owner', '--file',
                        tarball, '--directory', self.path], check=True)
        self.console = tempfile.TemporaryFile(mode='w+')
        self.nspawn = None
        self.init_pid = None
        self.name = name

    def boot(self):
        """Starts systemd in the root and waits until the boot finished
        (running, or degraded with the failed units printed)."""
        self.nspawn = subprocess.Popen(
            ['systemd-nspawn', '--directory', self.path, '--boot',
             '--machine', self.name, '--private-network', '--register=no',
             '--keep-unit', '--console=read-only', '--quiet'],
            stdin=subprocess.DEVNULL, stdout=self.console,
            stderr=subprocess.STDOUT)
        self.init_pid = self._wait_for_init()
        state = self.run(['systemctl', 'is-system-running', '--wait'],
                         check=False, timeout=BOOT_TIMEOUT).stdout.strip()
        if state == 'degraded':
            print('booted degraded; failed units:\n' +
                  self.run(['systemctl', '--failed', '--no-pager']).stdout)
        elif state != 'running':
            raise AssertionError('the root did not boot (%r); console:\n%s'
                                 % (state, self.console_text()))

    def _wait_for_init(self):
        children = '/proc/%d/task/%d/children' % (self.nspawn.pid,
                                                  self.nspawn.pid)
        deadline = time.monotonic() + BOOT_TIMEOUT
        while time.monotonic() < deadline:
            if self.nspawn.poll() is not None:
                raise AssertionError('systemd-nspawn exited with %d:\n%s' % (
                    self.nspawn.returncode, self.console_text()))
            try:
                with open(children) as file:
                    pids = file.read().split()
            except FileNotFoundError:
                pids = []
            # systemd answers systemctl once its private socket exists.
            if pids and os.path.exists(
                    '/proc/%s/root/run/systemd/private' % pids[0]):
                return int(pids[0])
            time.sleep(0.05)
        raise AssertionError('no init in the container after %d s' %
                             BOOT_TIMEOUT)

    def run(self, args, check=True, timeout=120, env=()):
        """Runs `args` inside the booted root (all its namespaces, its root
        directory, a clean environment plus `env`); returns the
        CompletedProcess, stdout and stderr as text. With `check`, a
        non-zero exit is an AssertionError carrying the output."""
        command = (['nsenter', '--target', str(self.init_pid), '--all',
                    '--root', '--wd', 'env', '-i', 'PATH=' + PATH,
                    'LANG=C.UTF-8', 'DEBIAN_FRONTEND=noninteractive'] +
                   list(env) + list(args))
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError('%s exited with %d:\n%s%s' % (
                ' '.join(args), result.returncode, result.stdout,
                result.stderr))
        return result

    def http_get(self, url):
        """(status, body) of GET `url` with the host's curl in the root's
        network namespace; status 0 when the connection failed."""
        return harness.curl_get(
            ['nsenter', '--target', str(self.init_pid), '--net'], url)

    def console_text(self):
        self.console.seek(0)
        return self.console.read()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.nspawn and self.nspawn.poll() is None:
            # systemd-nspawn turns SIGTERM into a clean poweroff.
            self.nspawn.send_signal(signal.SIGTERM)
            try:
                self.nspawn.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.nspawn.kill()
                self.nspawn.wait()
        shutil.rmtree(self.directory, ignore_errors=True)
        self.console.close()
