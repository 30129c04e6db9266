"""End-to-end tests of the command line of the real binary: bad flags and
unusable paths fail fast with one clear line, broken or vanishing /proc
content fails only its collector, and log lines carry real fields."""

import json
import os
import shutil
import socket
import subprocess
import tempfile

import harness

EXPORTER = harness.env_path('PORTWATCH_EXPORTER')
SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
FIXTURES = os.path.join(SOURCE_DIR, 'tests', 'fixtures')
PROCFS_ARGS = ['--path.procfs=' + os.path.join(FIXTURES, 'proc'),
               '--collector.tcp.source=procfs']


def run_exporter(args, timeout=10):
    return subprocess.run([EXPORTER] + args, capture_output=True, text=True,
                          timeout=timeout)


def check_one_line_error(result, code, fragment):
    harness.check(result.returncode == code, 'exit %d, want %d: %s' %
                  (result.returncode, code, result.stderr))
    errors = [l for l in result.stderr.splitlines() if 'error' in l]
    harness.check(len(errors) == 1, 'want one error line, got %r' % errors)
    harness.check(fragment in errors[0], '%r not in %r' % (fragment, errors[0]))


def test_bad_flags_exit_2_with_one_line():
    check_one_line_error(run_exporter(['--no-such-flag']), 2, 'unknown flag')
    check_one_line_error(run_exporter(['--collector.tcp.top-endpoints=x']), 2,
                         'whole number')
    check_one_line_error(run_exporter(['--web.listen-address=nohost']), 2,
                         'listen-address')
    check_one_line_error(run_exporter(['--log.level']), 2, 'needs a value')


def test_collector_switches_take_true_or_false():
    """--collector.<name>=true|false as docs/usage.md says of every switch."""
    samples, _ = scrape_samples(PROCFS_ARGS + ['--collector.tcp=false',
                                               '--collector.portrange=true'])
    success = 'portwatch_scrape_collector_success'
    harness.check(harness.value(samples, success, collector='portrange') == 1,
                  'portrange runs')
    harness.check(harness.value(samples, success, collector='tcp') is None,
                  '--collector.tcp=false leaves tcp out')
    check_one_line_error(run_exporter(['--collector.tcp=off']), 2,
                         'true|false')


USAGE_DOC = os.path.join(SOURCE_DIR, 'docs', 'usage.md')
HELP_BEGIN = '<!-- begin: portwatch_exporter --help -->\n```\n'
HELP_END = '```\n<!-- end: portwatch_exporter --help -->'


def test_usage_doc_shows_the_binarys_help():
    """docs/usage.md quotes --help as the binary prints it (rewritten with
    PORTWATCH_UPDATE_DOCS=1)."""
    result = run_exporter(['--help'])
    harness.check(result.returncode == 0, result.stderr)
    with open(USAGE_DOC) as doc:
        text = doc.read()
    start = text.index(HELP_BEGIN) + len(HELP_BEGIN)
    end = text.index(HELP_END, start)
    if os.environ.get('PORTWATCH_UPDATE_DOCS') == '1':
        with open(USAGE_DOC, 'w') as doc:
            doc.write(text[:start] + result.stdout + text[end:])
        return
    harness.check(text[start:end] == result.stdout,
                  'docs/usage.md differs from --help; rewrite it with '
                  'PORTWATCH_UPDATE_DOCS=1 ctest -R e2e_cli')


def test_help_and_version():
    result = run_exporter(['--help'])
    harness.check(result.returncode == 0 and '--web.listen-address' in
                  result.stdout, result.stdout)
    result = run_exporter(['--version'])
    harness.check(result.returncode == 0 and 'version' in result.stdout,
                  result.stdout)


def test_unusable_listen_address_exits_1():
    busy = socket.socket()
    busy.bind(('127.0.0.1', 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    try:
        result = run_exporter(['--web.listen-address=127.0.0.1:%d' % port])
        check_one_line_error(result, 1, 'cannot listen')
    finally:
        busy.close()


def test_unreadable_procfs_exits_1():
    result = run_exporter(['--path.procfs=/nonexistent/proc'])
    check_one_line_error(result, 1, '/nonexistent/proc')


def test_unreadable_procfs_exits_1_for_an_unprivileged_user():
    # Root reads anything, so this case runs the exporter as nobody.
    if os.geteuid() != 0:
        print('note: not root; the mode-000 case runs only as root')
        return
    # A copy of the binary that nobody can reach, wherever the build is.
    reachable = tempfile.mkdtemp()
    os.chmod(reachable, 0o755)
    binary = shutil.copy(EXPORTER, reachable)
    locked = tempfile.mkdtemp()
    os.chmod(locked, 0)
    try:
        result = subprocess.run(
            ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups',
             binary, '--path.procfs=' + locked], capture_output=True,
            text=True, timeout=10)
        check_one_line_error(result, 1, 'not a readable directory')
    finally:
        os.rmdir(locked)
        shutil.rmtree(reachable)


def scrape_samples(args, scrapes=1):
    """The samples of the last of `scrapes` scrapes, and the log records."""
    with harness.Exporter(EXPORTER, args) as exporter:
        for _ in range(scrapes):
            status, _, body = exporter.get()
            harness.check(status == 200, 'status %d' % status)
        return harness.parse_metrics(body), exporter.log_records()


def test_malformed_tcp_table_fails_only_the_tcp_collector():
    samples, log = scrape_samples([
        '--path.procfs=' + os.path.join(FIXTURES, 'malformed-tcp'),
        '--collector.tcp.source=procfs'], scrapes=3)
    success = 'portwatch_scrape_collector_success'
    harness.check(harness.value(samples, success, collector='tcp') == 0, 'tcp')
    harness.check(harness.value(samples, success, collector='portrange') == 1,
                  'portrange')
    harness.check(not harness.series(samples, 'portwatch_tcp_sockets'),
                  'a failed collector must not publish partial numbers')
    harness.check(harness.value(samples, 'portwatch_ephemeral_ports',
                                family='ipv4') == 997, 'portrange output')
    failures = [r for r in log if r['msg'] == 'collector failed']
    harness.check(len(failures) == 1 and failures[0]['level'] == 'error' and
                  failures[0]['collector'] == 'tcp' and
                  'net/tcp:5: malformed local address' in failures[0]['err'],
                  'one failure, logged once over three scrapes: %r' % log)


def test_malformed_port_range_fails_portrange_and_trims_tcp():
    samples, log = scrape_samples([
        '--path.procfs=' + os.path.join(FIXTURES, 'malformed-range'),
        '--collector.tcp.source=procfs'])
    success = 'portwatch_scrape_collector_success'
    harness.check(harness.value(samples, success, collector='portrange') == 0,
                  'portrange')
    harness.check(harness.value(samples, success, collector='tcp') == 1, 'tcp')
    harness.check(harness.value(samples, 'portwatch_tcp_sockets',
                                family='ipv4', state='time_wait') == 12,
                  'per-state counts need no range')
    for needs_range in ('portwatch_ephemeral_port_utilization_ratio',
                        'portwatch_tcp_ephemeral_sockets'):
        harness.check(not harness.series(samples, needs_range),
                      needs_range + ' published without a range')
    message = 'ip_local_port_range: first port 40999 is above last'
    portrange = [r for r in log if r['msg'] == 'collector failed' and
                 r['collector'] == 'portrange' and message in r['err']]
    tcp = [r for r in log if r.get('collector') == 'tcp' and
           r['msg'].startswith('port range unavailable') and
           message in r['err']]
    harness.check(len(portrange) == 1 and len(tcp) == 1, log)


def test_file_content_never_reaches_the_log():
    """A file under --path.procfs may be a link to anything the exporter
    can read (with CAP_DAC_READ_SEARCH, any file): errors name the file and
    the position, never its bytes."""
    root = tempfile.mkdtemp()
    try:
        shutil.copytree(os.path.join(FIXTURES, 'proc'), root, dirs_exist_ok=True)
        secret = os.path.join(root, 'secret')
        with open(secret, 'w') as f:
            f.write('hunter2 s3cr3t-t0ken\n')
        ipv4 = os.path.join(root, 'sys', 'net', 'ipv4')
        for name in ('ip_local_port_range', 'ip_local_reserved_ports'):
            os.unlink(os.path.join(ipv4, name))
            os.symlink(secret, os.path.join(ipv4, name))
        with open(os.path.join(root, 'net', 'tcp'), 'a') as tcp:
            tcp.write('   9: hunter2 s3cr3t-t0ken\n')
        with harness.Exporter(EXPORTER, ['--path.procfs=' + root,
                                         '--collector.tcp.source=procfs']) as e:
            samples = harness.parse_metrics(e.get()[2])
            for collector in ('portrange', 'tcp'):
                harness.check(harness.value(
                    samples, 'portwatch_scrape_collector_success',
                    collector=collector) == 0, collector + ' succeeded')
            log = e.log_text()
        failures = [r for r in harness.parse_log(log)
                    if r['msg'] == 'collector failed']
        harness.check(len(failures) == 2, 'failures %r' % failures)
        for secret_part in ('hunter2', 's3cr3t', 't0ken'):
            harness.check(secret_part not in log, 'the log shows %r:\n%s' %
                          (secret_part, log))
    finally:
        shutil.rmtree(root)


def test_fixture_files_vanishing_at_run_time_fail_the_collector():
    root = tempfile.mkdtemp()
    try:
        shutil.copytree(os.path.join(FIXTURES, 'proc'), root, dirs_exist_ok=True)
        with harness.Exporter(EXPORTER, ['--path.procfs=' + root,
                                         '--collector.tcp.source=procfs']) as e:
            tcp = os.path.join(root, 'net', 'tcp')
            os.rename(tcp, tcp + '.gone')
            status, _, body = e.get()
            samples = harness.parse_metrics(body)
            harness.check(status == 200, 'status')
            harness.check(harness.value(samples,
                                        'portwatch_scrape_collector_success',
                                        collector='tcp') == 0, 'tcp success')
            os.rename(tcp + '.gone', tcp)
            e.get()
            e.get()
            events = [(r['msg'], r.get('err', '')) for r in e.log_records()
                      if r.get('collector') == 'tcp']
            harness.check(len(events) == 2 and
                          events[0][0] == 'collector failed' and
                          'net/tcp' in events[0][1] and
                          events[1] == ('collector recovered', ''),
                          'failure and recovery, each once: %r' % events)
    finally:
        shutil.rmtree(root)


def test_log_lines_are_json_with_fields():
    root = tempfile.mkdtemp()
    try:
        shutil.copytree(os.path.join(FIXTURES, 'malformed-tcp'), root,
                        dirs_exist_ok=True)
        with harness.Exporter(EXPORTER, ['--path.procfs=' + root,
                                         '--collector.tcp.source=procfs',
                                         '--log.format=json']) as exporter:
            exporter.get()
            lines = exporter.log_text().splitlines()
        records = [json.loads(line) for line in lines]
        harness.check(all(set(r) >= {'ts', 'level', 'msg'} for r in records),
                      lines)
        listening = [r for r in records if r['msg'] == 'listening']
        harness.check(len(listening) == 1 and
                      listening[0]['path'] == '/metrics' and
                      listening[0]['tls'] == 'false' and
                      listening[0]['address'].startswith('127.0.0.1:'), lines)
        failed = [r for r in records if r['msg'] == 'collector failed']
        harness.check(len(failed) == 1 and failed[0]['collector'] == 'tcp' and
                      failed[0]['level'] == 'error' and
                      'malformed local address' in failed[0]['err'], lines)
    finally:
        shutil.rmtree(root)


if __name__ == '__main__':
    harness.run_tests([test_bad_flags_exit_2_with_one_line,
                       test_collector_switches_take_true_or_false,
                       test_help_and_version,
                       test_usage_doc_shows_the_binarys_help,
                       test_unusable_listen_address_exits_1,
                       test_unreadable_procfs_exits_1,
                       test_unreadable_procfs_exits_1_for_an_unprivileged_user,
                       test_malformed_tcp_table_fails_only_the_tcp_collector,
                       test_malformed_port_range_fails_portrange_and_trims_tcp,
                       test_file_content_never_reaches_the_log,
                       test_fixture_files_vanishing_at_run_time_fail_the_collector,
                       test_log_lines_are_json_with_fields])
