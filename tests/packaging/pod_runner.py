"""Runs the pod of a rendered Kubernetes DaemonSet with podman, as a kubelet
would start it on a node, for deploy/kubernetes's tests (no cluster here).

Every field of the pod template is either translated into what the kubelet
asks of the container runtime (user, capabilities, no_new_privs, read-only
root, seccomp, memory limit, host PID namespace, host paths, arguments), or
named here as one that does not change how the container runs
(scheduling, the API token, DNS); any other field is an error, so a field
added to the manifests cannot be silently ignored. The node's network
namespace (hostNetwork) is one the test made. RuntimeDefault is podman's
seccomp profile with the rules for CAP_BPF and CAP_PERFMON that containerd's
and moby's profiles have. Probes are returned for the test to perform."""

import json
import os
import subprocess

PODMAN_PROFILE = '/usr/share/containers/seccomp.json'
# containerd's (1.6.9+) and moby's (23.0+) default profiles allow these
# calls with these capabilities; containers-common 0.50 (Debian 12's podman)
# only with CAP_SYS_ADMIN. RuntimeDefault here is podman's profile with
# these rules instead.
CAPABILITY_SYSCALLS = {'CAP_BPF': ['bpf'], 'CAP_PERFMON': ['perf_event_open']}

# Fields that decide where or whether the pod runs, or what it may ask the
# API server, not how its container runs.
NOT_RUNTIME = {
    'pod': {'tolerations', 'serviceAccountName', 'automountServiceAccountToken',
            'dnsPolicy'},
    'container': {'name', 'image', 'ports'},
    # Requests only schedule.
    'resources': {'requests'},
}
PROBES = ('readinessProbe', 'livenessProbe')


def _take(mapping, known, where):
    unknown = set(mapping) - set(known)
    if unknown:
        raise AssertionError('%s: fields the test does not translate: %s' %
                             (where, sorted(unknown)))


def podman_run_args(template, network_namespace, work_dir):
    """podman run arguments (after `run`) for the one container of pod
    template `template`, and its probes as {name: probe}. Files it needs
    (the seccomp profile) go into `work_dir`."""
    spec = template['spec']
    _take(spec, NOT_RUNTIME['pod'] | {
        'hostNetwork', 'hostPID', 'securityContext', 'containers',
        'volumes'}, 'pod spec')
    if not spec.get('hostNetwork'):
        raise AssertionError('the pod is not in the host network namespace')
    (container,) = spec['containers']
    _take(container, NOT_RUNTIME['container'] | set(PROBES) | {
        'args', 'resources', 'securityContext', 'volumeMounts'}, 'container')
    args = ['--network=ns:/run/netns/' + network_namespace]
    if spec.get('hostPID'):
        args.append('--pid=host')
    args += _security_args(spec.get('securityContext', {}),
                           container.get('securityContext', {}), work_dir)
    args += _resource_args(container.get('resources', {}))
    args += _volume_args(spec.get('volumes', []),
                         container.get('volumeMounts', []))
    args += [container['image']] + list(container.get('args', []))
    return args, {name: container[name] for name in PROBES
                  if name in container}


def _runtime_default_profile(work_dir):
    with open(PODMAN_PROFILE) as file:
        profile = json.load(file)
    # Its explicit EPERM rule for these calls without CAP_SYS_ADMIN would
    # take precedence over an added allow rule: the calls leave it.
    added = {name for names in CAPABILITY_SYSCALLS.values() for name in names}
    for rule in profile['syscalls']:
        if rule['action'] == 'SCMP_ACT_ERRNO':
            rule['names'] = [name for name in rule['names']
                             if name not in added]
    profile['syscalls'] = [rule for rule in profile['syscalls']
                           if rule['names']]
    for capability, names in CAPABILITY_SYSCALLS.items():
        profile['syscalls'].append({'names': names, 'action': 'SCMP_ACT_ALLOW',
                                    'includes': {'caps': [capability]}})
    path = os.path.join(work_dir, 'runtime-default.json')
    with open(path, 'w') as file:
        json.dump(profile, file)
    return path


def _security_args(pod, container, work_dir):
    _take(pod, {'runAsNonRoot', 'runAsUser', 'runAsGroup', 'seccompProfile'},
          'pod securityContext')
    _take(container, {'allowPrivilegeEscalation', 'readOnlyRootFilesystem',
                      'capabilities'}, 'container securityContext')
    user = pod.get('runAsUser')
    if user is None:
        raise AssertionError('no runAsUser: the image decides')
    if pod.get('runAsNonRoot') and user == 0:
        raise AssertionError('runAsNonRoot with runAsUser 0: the kubelet '
                             'would refuse to start it')
    args = ['--user=%d:%d' % (user, pod.get('runAsGroup', user))]
    seccomp = pod.get('seccompProfile', {}).get('type')
    if seccomp != 'RuntimeDefault':
        raise AssertionError('seccompProfile %r' % seccomp)
    args.append('--security-opt=seccomp=' +
                _runtime_default_profile(work_dir))
    if container.get('allowPrivilegeEscalation') is False:
        args.append('--security-opt=no-new-privileges')
    if container.get('readOnlyRootFilesystem'):
        args.append('--read-only')
    capabilities = container.get('capabilities', {})
    _take(capabilities, {'add', 'drop'}, 'capabilities')
    args += ['--cap-drop=' + cap for cap in capabilities.get('drop', [])]
    args += ['--cap-add=' + cap for cap in capabilities.get('add', [])]
    return args


def _resource_args(resources):
    _take(resources, NOT_RUNTIME['resources'] | {'limits'}, 'resources')
    limits = resources.get('limits', {})
    _take(limits, {'memory', 'cpu'}, 'limits')
    args = []
    if 'memory' in limits:
        memory = limits['memory']
        if not memory.endswith('Mi'):
            raise AssertionError('memory limit %r: only Mi translated' %
                                 memory)
        args.append('--memory=%dm' % int(memory[:-2]))
    if 'cpu' in limits:
        args.append('--cpus=%s' % limits['cpu'])
    return args


def _volume_args(volumes, mounts):
    paths = {}
    for volume in volumes:
        _take(volume, {'name', 'hostPath'}, 'volume')
        _take(volume['hostPath'], {'path', 'type'}, 'hostPath')
        host_path, kind = volume['hostPath']['path'], volume['hostPath'].get(
            'type', '')
        if kind == 'DirectoryOrCreate':
            subprocess.run(['mkdir', '-p', host_path], check=True)
        elif kind != 'Directory':
            raise AssertionError('hostPath type %r' % kind)
        paths[volume['name']] = host_path
    args = []
    for mount in mounts:
        _take(mount, {'name', 'mountPath', 'readOnly', 'mountPropagation'},
              'volumeMount')
        options = ['ro' if mount.get('readOnly') else 'rw']
        propagation = mount.get('mountPropagation', 'None')
        if propagation == 'HostToContainer':
            options.append('rslave')
        elif propagation != 'None':
            raise AssertionError('mountPropagation %r' % propagation)
        args.append('--volume=%s:%s:%s' % (paths[mount['name']],
                                          mount['mountPath'],
                                          ','.join(options)))
    return args
