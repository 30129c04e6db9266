"""Named network namespaces for the live tests, each with a port range of
its own and a process holding known TCP load in it (this file run with
--load), one of them optionally in a cgroup laid out as a containerd pod's.
Standard library only; needs root."""

import os
import socket
import subprocess
import sys
import tempfile

import harness
from tcp_load import Load, wait_until_settled

# Unique per test process: tests running at the same time must not share
# (and remove) each other's pod cgroup.
POD_UID = '6a1f0c2e-4b7d-4e8f-9a0b-%012x' % os.getpid()
CONTAINER_ID = '%064x' % (0xc0ffee << 32 | os.getpid())
POD_CGROUP = ('kubepods.slice/kubepods-besteffort.slice/'
              'kubepods-besteffort-pod%s.slice/cri-containerd-%s.scope' %
              (POD_UID.replace('-', '_'), CONTAINER_ID))
# ----------------------------------------------------------------- load --

def main_load(time_wait, established):
    """Runs inside one namespace (namespace_load.py --load TW EST): builds
    the load, says ready, holds it until stdin closes."""
    load = Load()
    ipv4 = load.listener(socket.AF_INET, '127.0.0.1', 7001)
    ipv6 = load.listener(socket.AF_INET6, '::1', 7002)
    held = load.listener(socket.AF_INET, '127.0.0.1', 7003)
    load.time_wait(ipv4, time_wait)
    load.time_wait(ipv6, time_wait // 10)
    load.established(held, established)
    wait_until_settled()
    print('ready', flush=True)
    sys.stdin.read()


# --------------------------------------------------------------- helpers --

def run(*command):
    subprocess.run(command, check=True, capture_output=True)


def cgroup2_mount():
    """A cgroup2 hierarchy to build the fake pod in: the host's, or one
    mounted for the test. Returns (path, mounted_here)."""
    with open('/proc/self/mountinfo') as mountinfo:
        for line in mountinfo:
            before, after = line.split(' - ', 1)
            if after.split()[0] == 'cgroup2':
                return before.split()[4], False
    path = tempfile.mkdtemp(prefix='portwatch-cgroup2-')
    run('mount', '-t', 'cgroup2', 'none', path)
    return path, True


class Namespaces:
    """The test's named namespaces, their load processes and the fake pod
    cgroup; removes them all on exit."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.loads = {}
        self.cgroup_root, self.mounted = cgroup2_mount()
        self.created = []

    def name(self, key):
        return '%s-%s' % (self.prefix, key)

    def add(self, key):
        name = self.name(key)
        run('ip', 'netns', 'add', name)
        self.created.append(name)
        run('ip', '-n', name, 'link', 'set', 'lo', 'up')
        return name

    def start(self, key, spec):
        name = self.add(key)
        port_range = spec['range']
        sysctls = {
            'ip_local_port_range': '%d %d' % (port_range.first,
                                              port_range.last),
            'ip_local_reserved_ports': ','.join(map(str, sorted(
                port_range.reserved))),
            'tcp_tw_reuse': '0'}
        for sysctl, value in sysctls.items():
            run('ip', 'netns', 'exec', name, 'sh', '-c',
                'echo "$1" > /proc/sys/net/ipv4/$0', sysctl, value)
        # `ip netns exec` execs the command: the pid is the load's.
        process = subprocess.Popen(
            ['ip', 'netns', 'exec', name, sys.executable,
             os.path.abspath(__file__), '--load', str(spec['time_wait']),
             str(spec['established'])],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.loads[key] = process
        if spec.get('pod'):
            self.join_pod(process.pid)
        line = process.stdout.readline()
        harness.check(line == 'ready\n', 'load in %s: %r' % (name, line))

    def join_pod(self, pid):
        path = os.path.join(self.cgroup_root, POD_CGROUP)
        os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, 'cgroup.procs'), 'w') as procs:
            procs.write(str(pid))
        with open('/proc/%d/cgroup' % pid) as cgroup:
            harness.check(POD_CGROUP in cgroup.read(), 'pod cgroup not joined')

    def inode(self, key):
        return os.stat('/run/netns/' + self.name(key)).st_ino

    def close(self):
        for process in self.loads.values():
            process.stdin.close()
            process.wait(timeout=30)
        for name in self.created:
            subprocess.run(['ip', 'netns', 'del', name], capture_output=True)
        # The container's and the pod's cgroups are this test's own; the
        # QoS slices above may hold another test's pod at the same time.
        leaf = os.path.join(self.cgroup_root, POD_CGROUP)
        for _ in range(2):
            if os.path.isdir(leaf):
                os.rmdir(leaf)
            leaf = os.path.dirname(leaf)
        while leaf != self.cgroup_root:
            try:
                os.rmdir(leaf)
            except OSError:
                break  # still in use (or gone)
            leaf = os.path.dirname(leaf)
        if self.mounted:
            run('umount', self.cgroup_root)
            os.rmdir(self.cgroup_root)


if __name__ == '__main__':
    main_load(int(sys.argv[2]), int(sys.argv[3]))
