"""The Windows installer (scripts/build-msi.sh) under wine, in a network
namespace this test creates and a fresh wine prefix:

- `msiexec /i portwatch-<version>-amd64.msi /qn LISTEN_PORT=... 
  ENABLED_COLLECTORS=tcp,portrange EXTRA_FLAGS=...` installs the files and
  registers the service "portwatch" (automatic start, account NT
  SERVICE\\portwatch, the properties as its arguments), which wine's service
  manager starts: /metrics answers on the chosen port with exactly the
  chosen collectors and this version;
- the custom actions ran with the right command lines, in order: the
  firewall rule deleted then added for the chosen port and the installed
  .exe, recovery set with sc.exe, the service's SID (computed here from its
  name) added to Event Log Readers (S-1-5-32-573). Wine has no firewall,
  no PowerShell and no local groups, so command_recorder.exe stands in for
  netsh.exe, sc.exe and powershell.exe and logs what it was asked;
- `msiexec /x` deletes the service, removes the files, and runs the
  firewall rule's deletion and the group membership's removal; that it
  stops the service first (and waits) is checked in its ServiceControl
  table, since wine's msiexec does not wait (the test stops it first).

Not testable here: that Windows' netsh, PowerShell and service manager do
what those command lines ask (a CI workflow for a Windows runner exists,
not run here). Needs root (ip netns) and wine."""

import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

import harness

PORT = 10059
COLLECTORS = 'tcp,portrange'
EXTRA_FLAGS = '--collector.tcp.top-endpoints=5'
COMMAND_LOG = 'portwatch-msi-commands.log'
EVENT_LOG_READERS = 'S-1-5-32-573'
INSTALL_DIR = 'C:\\Program Files\\portwatch'
SERVICE_KEY = 'HKLM\\System\\CurrentControlSet\\Services\\portwatch'
# Wine's service manager takes its time.
WAIT = {'timeout': 120, 'interval': 0.5}
RECORDED_TOOLS = ('netsh.exe', 'sc.exe',
                  'WindowsPowerShell/v1.0/powershell.exe')


def service_sid(name):
    """NT SERVICE\\<name>'s SID: S-1-5-80- and the SHA-1 of the upper-case
    name in UTF-16LE as five little-endian 32-bit numbers."""
    digest = hashlib.sha1(name.upper().encode('utf-16-le')).digest()
    return 'S-1-5-80-' + '-'.join(map(str, struct.unpack('<5I', digest)))


class Wine:
    """wine with this test's prefix."""

    def __init__(self, loader, prefix):
        self.loader = loader
        self.prefix = prefix
        self.drive_c = os.path.join(prefix, 'drive_c')

    def run(self, *args, check=True, timeout=300):
        """Runs a wine command; returns (exit code, output). The output goes
        through a file, not a pipe: wine's system processes (services.exe
        and the service it starts) inherit the descriptors of whichever
        command first needed them and keep them open."""
        with tempfile.TemporaryFile(mode='w+', errors='replace') as output:
            code = subprocess.run([self.loader] + list(args),
                                  stdin=subprocess.DEVNULL, stdout=output,
                                  stderr=subprocess.STDOUT,
                                  timeout=timeout).returncode
            output.seek(0)
            text = output.read()
        if check:
            harness.check(code == 0, '%s exited with %d: %s' % (
                ' '.join(args), code, text))
        return code, text

    def service_key(self):
        """`reg query` of the service's key, or None when it is gone."""
        code, text = self.run('reg', 'query', SERVICE_KEY, check=False)
        return text if code == 0 else None

    def commands(self):
        try:
            with open(os.path.join(self.drive_c, COMMAND_LOG),
                      encoding='utf-8') as file:
                return file.read().splitlines()
        except FileNotFoundError:
            return []

    def wineserver(self, *args):
        subprocess.run([os.path.join(os.path.dirname(self.loader),
                                     'wineserver')] + list(args),
                       capture_output=True)


def http_get(path):
    try:
        with urllib.request.urlopen('http://127.0.0.1:%d%s' % (PORT, path),
                                    timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ''
    except OSError:
        return None, ''


def index_of(lines, *parts):
    """Index of the first line containing every part; -1 if none."""
    for index, line in enumerate(lines):
        if all(part in line for part in parts):
            return index
    return -1


def main_inside():
    msi = harness.env_path('PORTWATCH_MSI')
    if not os.path.exists(msi):
        sys.exit(harness.cannot_run(
            'no %s: run scripts/build-msi.sh' % os.path.basename(msi)))
    prefix = harness.env_path('PORTWATCH_WINEPREFIX')
    shutil.rmtree(prefix, ignore_errors=True)
    os.environ.update(WINEPREFIX=prefix, WINEDEBUG='-all')
    wine = Wine(harness.env_path('PORTWATCH_WINE'), prefix)
    version = harness.env_path('PORTWATCH_VERSION')
    # wineserver owns the sockets: it must run inside this namespace.
    wine.wineserver('-k')
    wine.run('cmd.exe', '/c', 'exit')
    recorder = harness.env_path('PORTWATCH_RECORDER_EXE')
    for tool in RECORDED_TOOLS:
        shutil.copy(recorder, os.path.join(wine.drive_c, 'windows',
                                           'system32', tool))
        wine.run('reg', 'add', 'HKCU\\Software\\Wine\\DllOverrides', '/v',
                 os.path.basename(tool), '/d', 'native', '/f')
    # Wine ends service processes when no user process is left.
    keepalive = subprocess.Popen([wine.loader, 'cmd.exe'],
                                 stdin=subprocess.PIPE,
                                 stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    msi_path = 'Z:' + os.path.abspath(msi).replace('/', '\\')
    sid = service_sid('portwatch')

    def test_install_registers_and_starts_the_service():
        wine.run('msiexec', '/i', msi_path, '/qn', 'LISTEN_PORT=%d' % PORT,
                 'ENABLED_COLLECTORS=' + COLLECTORS, 'EXTRA_FLAGS=' +
                 EXTRA_FLAGS, '/l*v', 'C:\\install.log')
        installed = os.path.join(wine.drive_c, 'Program Files', 'portwatch')
        harness.check(sorted(os.listdir(installed)) == [
            'LICENSE.txt', 'README.md', 'portwatch_exporter.exe'],
            'installed: %s' % os.listdir(installed))
        key = wine.service_key() or ''
        for expected in ('--web.listen-address=:%d' % PORT,
                         '--collectors.enabled=' + COLLECTORS, EXTRA_FLAGS,
                         INSTALL_DIR + '\\portwatch_exporter.exe',
                         'NT SERVICE\\portwatch'):
            harness.check(expected in key, '%r not in the service:\n%s' % (
                expected, key))
        harness.check('Start    REG_DWORD    0x2' in key,
                      'not an automatic service:\n' + key)
        harness.wait_until(lambda: http_get('/metrics')[0] == 200,
                           'the service serves', **WAIT)
        samples = harness.parse_metrics(http_get('/metrics')[1])
        collectors = sorted(labels['collector'] for labels, _ in
                            harness.series(
                                samples, 'portwatch_scrape_collector_success'))
        harness.check(collectors == sorted(COLLECTORS.split(',')),
                      'collectors: %s' % collectors)
        build = harness.series(samples, 'portwatch_exporter_build_info')
        harness.check(build[0][0]['version'] == version and
                      build[0][0]['os'] == 'windows', 'build_info: %s' % build)

    def test_install_ran_the_custom_actions():
        lines = wine.commands()
        delete = index_of(lines, 'netsh.exe', 'firewall delete rule',
                          'name="portwatch exporter"')
        add = index_of(lines, 'netsh.exe', 'firewall add rule',
                       'name="portwatch exporter"', 'dir=in', 'action=allow',
                       'protocol=TCP', 'localport=%d' % PORT,
                       'program="%s\\portwatch_exporter.exe"' % INSTALL_DIR)
        recovery = index_of(lines, 'sc.exe', 'failure portwatch',
                            'actions= restart/5000')
        grant = index_of(lines, 'powershell.exe', 'Add-LocalGroupMember',
                         '-SID ' + EVENT_LOG_READERS, '-Member ' + sid)
        harness.check(0 <= delete < add and recovery >= 0 and grant >= 0,
                      'commands (delete %d, add %d, sc %d, group %d):\n%s' % (
                          delete, add, recovery, grant, '\n'.join(lines)))

    def test_uninstall_removes_everything():
        # Windows' msiexec stops the service and waits for it before it
        # removes the files (ServiceControl: stop on install and uninstall,
        # delete on uninstall, Wait); wine's sends the stop without waiting,
        # and then cannot remove the running .exe. So the table is checked
        # here, and the service stopped first with wine's net.exe.
        control = subprocess.run(['msiinfo', 'export', msi, 'ServiceControl'],
                                 capture_output=True, text=True,
                                 check=True).stdout.splitlines()[-1].split('\t')
        harness.check(control[1:3] == ['portwatch', '163'] and
                      control[4] == '1', 'ServiceControl: %s' % control)
        wine.run('net', 'stop', 'portwatch')
        harness.wait_until(lambda: http_get('/metrics')[0] is None,
                           'the service stops', **WAIT)
        harness.wait_until(lambda: subprocess.run(
            ['pgrep', '-f', r'Program Files.portwatch.portwatch_exporter'],
            capture_output=True).returncode == 1, 'its process exits', **WAIT)
        installed_commands = len(wine.commands())
        wine.run('msiexec', '/x', msi_path, '/qn', '/l*v',
                 'C:\\uninstall.log')
        # msiexec returns before wine's service manager has deleted it.
        harness.wait_until(lambda: wine.service_key() is None,
                           'the service is deleted', **WAIT)
        harness.check(not os.path.exists(os.path.join(
            wine.drive_c, 'Program Files', 'portwatch')), 'files left')
        lines = wine.commands()[installed_commands:]
        harness.check(
            index_of(lines, 'netsh.exe', 'firewall delete rule',
                     'name="portwatch exporter"') >= 0 and
            index_of(lines, 'powershell.exe', 'Remove-LocalGroupMember',
                     '-SID ' + EVENT_LOG_READERS, '-Member ' + sid) >= 0 and
            index_of(lines, 'firewall add rule') < 0,
            'uninstall commands:\n' + '\n'.join(lines))

    try:
        harness.run_tests([test_install_registers_and_starts_the_service,
                           test_install_ran_the_custom_actions,
                           test_uninstall_removes_everything])
    finally:
        keepalive.stdin.close()
        keepalive.wait(timeout=60)
        wine.wineserver('-k')


if __name__ == '__main__':
    if '--inside' in sys.argv:
        main_inside()
    else:
        sys.exit(harness.run_inside_new_netns(__file__, 'portwatch-msi'))
