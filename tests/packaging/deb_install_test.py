"""The Debian package (scripts/build-deb.sh) installed the way the README
says into a fresh Debian 12 root (scripts/ci/make-test-root.sh) booted with
systemd as PID 1 (booted_root.py):

- `apt-get install ./portwatch_*.deb` works without a network: apt pulls in
  what the package Depends on (computed by dpkg-shlibdeps), and ldd finds
  every library the binary loads;
- the install enabled and started the unit, which `systemd-analyze verify`
  accepts; the hardened service runs as a dynamic user without
  capabilities and serves /metrics: every default collector succeeds, the
  range is the root's, build_info carries the package's version;
- flags set in /etc/default/portwatch apply after a restart, and the edited
  conffile survives reinstalling the package (which restarts the service);
- the man page documents every flag of --help; the rules load in promtool;
- `dpkg --purge` stops the service, and with `apt-get autoremove --purge`
  the root is as before the install: the same paths, the same /etc.

Needs root, the package in dist/ and, once, Debian's archive as this
machine's APT is configured (scripts/ci/make-test-root.sh; the root is
cached). Outside CI it skips (exit 77) without them; with CI=true it fails."""

import glob
import hashlib
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'e2e'))
import harness  # noqa: E402
from booted_root import BootedRoot  # noqa: E402
from dist import SOURCE_DIR, VERSION, artifact  # noqa: E402
UNIT = 'portwatch_exporter.service'
BINARY = '/usr/bin/portwatch_exporter'
DEFAULTS = '/etc/default/portwatch'
# A port the test moves the exporter to through /etc/default/portwatch.
MOVED_ADDRESS = '127.0.0.1:10059'
# What the root may change by itself between two snapshots (logs, caches,
# apt's and dpkg's own bookkeeping), under these prefixes.
SNAPSHOT_IGNORED = ('var/log/', 'var/cache/', 'var/lib/apt/',
                    'var/lib/dpkg/', 'var/lib/systemd/timers/', 'root/')


def snapshot(root):
    """Every path in the root (but SNAPSHOT_IGNORED), and a hash of every
    file under etc/ (but the linker's cache, rebuilt on every install)."""
    paths, etc = set(), {}
    for directory, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.relpath(os.path.join(directory, name), root)
            if path.startswith(SNAPSHOT_IGNORED):
                continue
            paths.add(path)
            full = os.path.join(root, path)
            if (path.startswith('etc/') and path != 'etc/ld.so.cache' and
                    os.path.isfile(full) and not os.path.islink(full)):
                with open(full, 'rb') as file:
                    etc[path] = hashlib.sha256(file.read()).hexdigest()
    return paths, etc


def wait_for_metrics(root, address, timeout=30):
    """The body of /metrics at `address`, once it answers 200."""
    def answered():
        status, body = root.http_get('http://%s/metrics' % address)
        return body if status == 200 else None
    try:
        return harness.wait_until(answered, '200 from ' + address, timeout,
                                  interval=0.1)
    except AssertionError as error:
        raise AssertionError('%s; %s' % (error, root.run(
            ['journalctl', '-u', UNIT, '--no-pager'], check=False).stdout))


def main_pid(root):
    return int(root.run(['systemctl', 'show', '--property=MainPID',
                         '--value', UNIT]).stdout)


def test_package(root, deb):
    before = snapshot(root.path)
    run = root.run
    installed = run(['apt-get', 'install', '--yes', '/root/' + deb]).stdout
    print(installed.split('\nNeed to get')[0][-400:])

    # The libraries: nothing the binary loads is missing.
    ldd = run(['ldd', BINARY]).stdout
    harness.check('not found' not in ldd, 'ldd: ' + ldd)
    version = run([BINARY, '--version']).stdout
    harness.check(version.startswith('portwatch_exporter version %s ' %
                                     VERSION), '--version: ' + version)

    # The unit: enabled and started by the install, accepted by systemd.
    harness.check(run(['systemctl', 'is-enabled', UNIT]).stdout.strip() ==
                  'enabled', 'the install did not enable ' + UNIT)
    harness.check(os.path.islink(os.path.join(
        root.path, 'etc/systemd/system/multi-user.target.wants', UNIT)),
        'no multi-user.target.wants symlink')
    # --man=no: a debootstrap root has no man-db (check_files reads the page).
    verify = run(['systemd-analyze', 'verify', '--man=no',
                  '/lib/systemd/system/' + UNIT])
    harness.check(not (verify.stdout + verify.stderr).strip(),
                  'systemd-analyze verify: ' + verify.stdout + verify.stderr)
    samples = harness.parse_metrics(wait_for_metrics(root, '127.0.0.1:10058'))
    check_service(root, samples)

    # /etc/default/portwatch: applied on restart, kept on reinstall.
    with open(os.path.join(root.path, DEFAULTS.lstrip('/')), 'a') as file:
        file.write('ARGS="--web.listen-address=%s"\n' % MOVED_ADDRESS)
    run(['systemctl', 'restart', UNIT])
    wait_for_metrics(root, MOVED_ADDRESS)
    harness.check(root.http_get('http://127.0.0.1:10058/metrics')[0] == 0,
                  'still listening on 10058 after the restart')
    pid = main_pid(root)
    run(['dpkg', '--install', '/root/' + deb])
    harness.check(main_pid(root) != pid, 'reinstalling did not restart it')
    wait_for_metrics(root, MOVED_ADDRESS)

    check_files(root)

    # Purge: stopped, and nothing left once the libraries went too.
    run(['dpkg', '--purge', 'portwatch'])
    state = run(['systemctl', 'is-active', UNIT], check=False).stdout.strip()
    harness.check(state == 'inactive', 'after purge the unit is ' + state)
    harness.check(run(['pgrep', '--exact', 'portwatch_expor'],
                      check=False).returncode == 1,
                  'portwatch_exporter still runs after purge')
    harness.check(root.http_get('http://%s/' % MOVED_ADDRESS)[0] == 0,
                  'still listening after purge')
    run(['apt-get', 'autoremove', '--purge', '--yes'])
    after = snapshot(root.path)
    added = sorted(after[0] - before[0])
    removed = sorted(before[0] - after[0])
    harness.check(not added and not removed,
                  'after purge: left %s, missing %s' % (added, removed))
    changed = sorted(path for path in before[1]
                     if after[1].get(path) != before[1][path])
    harness.check(not changed, 'after purge /etc differs: %s' % changed)


def check_service(root, samples):
    """The running service: a dynamic user without capabilities, and what
    it serves."""
    status = root.run(['cat', '/proc/%d/status' % main_pid(root)]).stdout
    uids = re.search(r'^Uid:\s+(.*)$', status, re.M).group(1).split()
    harness.check('0' not in uids, 'the service runs with uid 0: %s' % uids)
    cap_eff = re.search(r'^CapEff:\s+(\w+)$', status, re.M).group(1)
    harness.check(int(cap_eff, 16) == 0, 'capabilities: ' + cap_eff)
    success = harness.series(samples, 'portwatch_scrape_collector_success')
    harness.check(sorted(labels['collector'] for labels, _ in success) ==
                  ['conntrack', 'portrange', 'tcp'],
                  'collectors: %s' % success)
    harness.check(all(value == 1 for _, value in success),
                  'a collector failed: %s' % success)
    first, last = map(int, root.run(
        ['cat', '/proc/sys/net/ipv4/ip_local_port_range']).stdout.split())
    harness.check(harness.value(samples, 'portwatch_ephemeral_port_range_first',
                                family='ipv4') == first and
                  harness.value(samples, 'portwatch_ephemeral_port_range_last',
                                family='ipv4') == last,
                  'the range is not the root\'s %d-%d' % (first, last))
    listeners = sum(value for labels, value in harness.series(
        samples, 'portwatch_tcp_sockets') if labels['state'] == 'listen')
    harness.check(listeners >= 1, 'no listening socket counted')
    build = harness.series(samples, 'portwatch_exporter_build_info')
    harness.check(len(build) == 1 and build[0][0]['version'] == VERSION,
                  'build_info: %s' % build)


def check_files(root):
    """The man page and the rules the package ships."""
    flags = set(re.findall(r'^\s+(--(?:\[no-\])?[a-z][a-z0-9.-]*)', root.run(
        [BINARY, '--help']).stdout, re.M))
    harness.check(len(flags) > 10, '--help lists %d flags' % len(flags))
    man = subprocess.run(
        ['zcat', os.path.join(root.path, 'usr/share/man/man1',
                              'portwatch_exporter.1.gz')],
        capture_output=True, text=True, check=True).stdout
    # roff: \- is a dash, \fB..\fR fonts, \, and \/ italic corrections.
    man = re.sub(r'\\f[BIRP]|\\[,/]', '', man.replace('\\-', '-'))
    undocumented = sorted(flag for flag in flags if flag not in man)
    harness.check(not undocumented, 'not in the man page: %s' % undocumented)
    rules = glob.glob(os.path.join(root.path, 'usr/share/portwatch/alerts',
                                   '*.yml'))
    harness.check(len(rules) == 2, 'rules: %s' % rules)
    subprocess.run(['promtool', 'check', 'rules'] + rules, check=True,
                   capture_output=True)


def main():
    deb_path = artifact('portwatch_%s_*.deb', 'scripts/release.sh')
    tarball = subprocess.run(
        [os.path.join(SOURCE_DIR, 'scripts', 'ci', 'make-test-root.sh'),
         deb_path],
        check=True, capture_output=True, text=True).stdout.strip()
    with BootedRoot(tarball) as root:
        deb = os.path.basename(deb_path)
        with open(deb_path, 'rb') as source, open(
                os.path.join(root.path, 'root', deb), 'wb') as target:
            target.write(source.read())
        root.boot()

        def test_deb_install_run_purge():
            test_package(root, deb)
        harness.run_tests([test_deb_install_run_purge])


if __name__ == '__main__':
    main()
