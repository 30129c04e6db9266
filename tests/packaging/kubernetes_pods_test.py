"""deploy/kubernetes's pods, run: the DaemonSet of the base and of each
overlay, rendered with Debian 12's kubectl, started with podman as a kubelet
would start it on a node (pod_runner.py; the node's network namespace is one
this test makes), with the image from dist/ (scripts/build-container.sh):

- base: uid 65534 without capabilities; the probes' path answers; the
  default collectors succeed;
- overlays/netns: with the host PID namespace and its two capabilities the
  collector reads the node's namespaces (this test's and the host's), none
  failed;
- overlays/process: it names the process in the node's namespace that
  holds a known number of connections, by host pid;
- overlays/connect-failures: it loads its eBPF program and counts the one
  connect() that failed with EADDRNOTAVAIL in the node's namespace.

Needs root, podman, ip netns, the image archive, tracefs (mounted when it
is not) and a kernel with BTF. Outside CI it skips (exit 77) without them;
with CI=true it fails."""

import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'e2e'))
import harness  # noqa: E402
import kustomize  # noqa: E402
import pod_runner  # noqa: E402
from dist import SOURCE_DIR, artifact, podman  # noqa: E402
LOAD = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                    'netns_load.py')
HELD_CONNECTIONS = 20


class Node:
    """A network namespace standing in for the node's, the pod of
    `kustomization` running in it, and load processes started there."""

    def __init__(self, kustomization):
        self.namespace = 'pw-k8s-%d' % os.getpid()
        self.container = None
        self.loads = []
        self.work = tempfile.TemporaryDirectory()
        subprocess.run(['ip', 'netns', 'add', self.namespace], check=True)
        try:
            subprocess.run(['ip', '-n', self.namespace, 'link', 'set', 'lo',
                            'up'], check=True)
            template = kustomize.find(kustomize.render(
                SOURCE_DIR, kustomization)[1], 'DaemonSet')['spec']['template']
            args, self.probes = pod_runner.podman_run_args(
                template, self.namespace, self.work.name)
            self.container = podman('run', '--detach', *args).stdout.strip()
        except BaseException:
            self.__exit__()  # a with-block never started: clean up here
            raise

    def load(self, *args):
        """Starts netns_load.py in the namespace; returns its first line."""
        process = subprocess.Popen(
            ['ip', 'netns', 'exec', self.namespace, sys.executable, LOAD] +
            list(args), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True)
        self.loads.append(process)
        line = process.stdout.readline()
        harness.check(line, 'netns_load.py %s failed' % ' '.join(args))
        return line.strip()

    def get(self, path):
        return harness.curl_get(['ip', 'netns', 'exec', self.namespace],
                                'http://127.0.0.1:10058' + path)

    def scrape_until(self, condition, what, timeout=30):
        """Scrapes until condition(samples) holds; returns the samples."""
        last = {}

        def holds():
            status, body = self.get('/metrics')
            if status != 200:
                return None
            last['samples'] = harness.parse_metrics(body)
            return last['samples'] if condition(last['samples']) else None
        try:
            return harness.wait_until(holds, what, timeout)
        except AssertionError as error:
            raise AssertionError('%s; last success: %s; log:\n%s' % (
                error, harness.series(last.get('samples', {}),
                                      'portwatch_scrape_collector_success'),
                self.logs()))

    def status(self):
        pid = podman('inspect', '--format', '{{.State.Pid}}',
                     self.container).stdout.strip()
        with open('/proc/%s/status' % pid) as file:
            return file.read()

    def logs(self):
        result = podman('logs', self.container, check=False)
        return result.stdout + result.stderr

    def inode(self):
        return os.stat('/run/netns/' + self.namespace).st_ino

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for process in self.loads:
            process.stdin.close()
            process.wait(timeout=30)
        if self.container:
            podman('rm', '--force', self.container, check=False)
        subprocess.run(['ip', 'netns', 'del', self.namespace])
        self.work.cleanup()


def all_succeed(collectors):
    def condition(samples):
        success = dict((labels['collector'], value) for labels, value in
                       harness.series(samples,
                                      'portwatch_scrape_collector_success'))
        return all(success.get(name) == 1 for name in collectors)
    return condition


def test_base():
    with Node('base') as node:
        node.scrape_until(all_succeed(['portrange', 'tcp']), 'collectors')
        for probe in node.probes.values():
            status, _ = node.get(probe['httpGet']['path'])
            harness.check(status == 200, 'probe answered %d' % status)
        status = node.status()
        harness.check(re.search(r'^Uid:\s+65534\s', status, re.M) and
                      re.search(r'^CapEff:\s+0+$', status, re.M),
                      'not unprivileged:\n' + status)


def test_netns_overlay():
    with Node('overlays/netns') as node:
        samples = node.scrape_until(all_succeed(['netns']), 'netns')
        read = harness.value(samples, 'portwatch_netns_namespaces',
                             result='read')
        failed = harness.value(samples, 'portwatch_netns_namespaces',
                               result='failed')
        harness.check(read >= 2 and failed == 0,
                      'namespaces read %s, failed %s' % (read, failed))


def test_process_overlay():
    with Node('overlays/process') as node:
        pid = node.load('hold', str(HELD_CONNECTIONS))

        def holds_them(samples):
            held = sum(value for labels, value in harness.series(
                samples, 'portwatch_process_ephemeral_sockets')
                if labels['pid'] == pid and labels['state'] == 'established')
            return all_succeed(['process'])(samples) and (
                held == HELD_CONNECTIONS)
        node.scrape_until(holds_them, '%d connections of pid %s' % (
            HELD_CONNECTIONS, pid))


def test_connect_failures_overlay():
    harness.ensure_tracefs()
    with Node('overlays/connect-failures') as node:
        node.scrape_until(all_succeed(['connect_failures']),
                          'connect_failures loaded')
        harness.check(node.load('exhaust') == '1', 'no failed connect()')
        netns = str(node.inode())
        node.scrape_until(lambda samples: harness.value(
            samples, 'portwatch_port_allocation_failures_by_netns_total',
            netns=netns) == 1, 'one failure counted in netns ' + netns)


def main():
    podman('load', '--input',
           artifact('portwatch_%s_*.oci.tar', 'scripts/release.sh'))
    harness.run_tests([test_base, test_netns_overlay, test_process_overlay,
                       test_connect_failures_overlay])


if __name__ == '__main__':
    main()
