"""deploy/kubernetes without a cluster:

- every kustomization (base, overlays, examples) renders with Debian 12's
  kubectl (kustomize 2.0.3), and every object it renders is valid against
  the Kubernetes and prometheus-operator API types
  (deploy/kubernetes/schema-check/check.sh);
- the base is unprivileged (non-root, no capabilities, no host PID
  namespace, read-only root, no privilege escalation), runs the image of
  this version, and its pieces fit: the Service selects the pods and
  exposes their port, the ServiceMonitor selects the Service and makes the
  job label the mixin selects on, the PrometheusRule holds exactly the
  rules and alerts in alerts/;
- each overlay adds exactly the capabilities docs/security.md names for its
  collector (the same as the systemd drop-ins grant), turns that collector
  on, and keeps every other protection of the base;
- the release-label example changes `release` on both selected objects.

Needs python3-yaml, npm (the schema packages, installed once) and
Debian's apt (kubectl is downloaded once)."""

import configparser
import os
import re
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'e2e'))
import harness  # noqa: E402
import kustomize  # noqa: E402

SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
VERSION = harness.env_path('PORTWATCH_VERSION')
# docs/security.md's tables: what each collector needs, and its flags.
OVERLAYS = {
    'overlays/netns': ({'SYS_ADMIN', 'SYS_PTRACE'}, '--collector.netns'),
    'overlays/process': ({'SYS_ADMIN', 'SYS_PTRACE', 'DAC_READ_SEARCH'},
                         '--collector.process'),
    'overlays/connect-failures': ({'BPF', 'PERFMON', 'DAC_READ_SEARCH'},
                                  '--collector.connect_failures'),
}
DROP_INS = os.path.join(SOURCE_DIR, 'packaging', 'systemd',
                        'portwatch_exporter.service.d')
RENDERED = {}


def rendered(kustomization, text=False):
    """Its objects, or with `text` the rendered YAML (rendered once)."""
    if kustomization not in RENDERED:
        RENDERED[kustomization] = kustomize.render(SOURCE_DIR, kustomization)
    return RENDERED[kustomization][0 if text else 1]


def mebibytes(quantity):
    harness.check(quantity.endswith('Mi'), 'quantity %s' % quantity)
    return int(quantity[:-2])


def pod_spec(objects):
    return kustomize.find(objects, 'DaemonSet')['spec']['template']['spec']


def test_every_kustomization_renders_to_valid_objects():
    names = kustomize.kustomizations(SOURCE_DIR)
    harness.check(set(OVERLAYS) | {'base', 'examples/release-label'} <=
                  set(names), 'kustomizations: %s' % names)
    with tempfile.TemporaryDirectory() as directory:
        files = []
        for name in names:
            path = os.path.join(directory, name.replace('/', '-') + '.yaml')
            with open(path, 'w') as file:
                file.write(rendered(name, text=True))
            files.append(path)
        check = subprocess.run(
            [os.path.join(SOURCE_DIR, 'deploy', 'kubernetes', 'schema-check',
                          'check.sh')] + files, capture_output=True, text=True)
        harness.check(check.returncode == 0, 'schema check: %s%s' % (
            check.stdout, check.stderr))
        print(check.stdout.strip())


def test_base_is_unprivileged_and_its_pieces_fit():
    objects = rendered('base')
    harness.check({o['metadata'].get('namespace') for o in objects} ==
                  {'monitoring'}, 'namespaces')
    spec = pod_spec(objects)
    (container,) = spec['containers']
    security = container['securityContext']
    harness.check(spec['hostNetwork'] and not spec.get('hostPID'), 'host')
    harness.check(spec['securityContext']['runAsNonRoot'] and
                  spec['securityContext']['runAsUser'] == 65534, 'user')
    harness.check(security['capabilities'] == {'drop': ['ALL']},
                  'capabilities: %s' % security['capabilities'])
    harness.check(security['readOnlyRootFilesystem'] and
                  security['allowPrivilegeEscalation'] is False, 'security')
    harness.check(container['image'] == 'localhost/portwatch:' + VERSION,
                  'image %s, version %s' % (container['image'], VERSION))
    harness.check(not container.get('args'), 'the base turns on collectors')
    limits, requests = (container['resources']['limits'],
                        container['resources']['requests'])
    harness.check(set(limits) == {'memory'} and mebibytes(
        requests['memory']) <= mebibytes(limits['memory']),
        'resources: %s' % container['resources'])

    pod_labels = kustomize.find(objects, 'DaemonSet')['spec']['template'][
        'metadata']['labels']
    service = kustomize.find(objects, 'Service')
    harness.check(service['spec']['selector'].items() <= pod_labels.items(),
                  'the Service does not select the pods')
    (port,) = service['spec']['ports']
    container_ports = {p['name']: p['containerPort']
                       for p in container['ports']}
    harness.check(container_ports.get(port['targetPort']) == port['port'] ==
                  10058, 'ports: %s / %s' % (port, container_ports))
    monitor = kustomize.find(objects, 'ServiceMonitor')
    harness.check(monitor['spec']['selector']['matchLabels'].items() <=
                  service['metadata']['labels'].items(),
                  'the ServiceMonitor does not select the Service')
    harness.check([e['port'] for e in monitor['spec']['endpoints']] ==
                  [port['name']], 'endpoint port')
    job = service['metadata']['labels'][monitor['spec']['jobLabel']]
    groups = []
    for name in ('portwatch.rules.yml', 'portwatch.alerts.yml'):
        with open(os.path.join(SOURCE_DIR, 'alerts', name)) as file:
            groups += yaml.safe_load(file)['groups']
    selected = {job for group in groups for rule in group['rules']
                for job in re.findall(r'job="([^"]*)"', rule['expr'])}
    harness.check(selected == {job}, 'the job label is %r, the rules select'
                  ' %s' % (job, selected))

    rule = kustomize.find(objects, 'PrometheusRule')
    harness.check(rule['spec']['groups'] == groups,
                  'the PrometheusRule is not alerts/ (scripts/render-mixin.sh)')
    harness.check(rule['metadata']['labels'].get('release') ==
                  monitor['metadata']['labels'].get('release') ==
                  'kube-prometheus-stack', 'release labels')


def drop_in_capabilities(name):
    parser = configparser.ConfigParser(strict=False)
    parser.read(os.path.join(DROP_INS, name))
    return {cap[len('CAP_'):] for cap in
            parser['Service']['AmbientCapabilities'].split()}


def test_overlays_add_exactly_what_their_collector_needs():
    harness.check(OVERLAYS['overlays/netns'][0] |
                  OVERLAYS['overlays/process'][0] ==
                  drop_in_capabilities('attribution.conf'),
                  'netns + process differ from attribution.conf')
    harness.check(OVERLAYS['overlays/connect-failures'][0] ==
                  drop_in_capabilities('connect-failures.conf'),
                  'connect-failures differs from connect-failures.conf')
    base = pod_spec(rendered('base'))
    for overlay, (capabilities, flag) in OVERLAYS.items():
        spec = pod_spec(rendered(overlay))
        (container,) = spec['containers']
        security = container['securityContext']
        harness.check(set(security['capabilities'].get('add', [])) ==
                      capabilities and security['capabilities']['drop'] ==
                      ['ALL'], '%s: %s' % (overlay, security))
        harness.check(flag in container['args'], '%s: args %s' % (
            overlay, container['args']))
        # Capabilities only reach a root user; nothing else loosens.
        harness.check(spec['securityContext']['runAsUser'] == 0 and
                      not spec['securityContext']['runAsNonRoot'], overlay)
        harness.check(security['readOnlyRootFilesystem'] and
                      security['allowPrivilegeEscalation'] is False and
                      spec['securityContext']['seccompProfile'] ==
                      base['securityContext']['seccompProfile'] and
                      spec['hostNetwork'], '%s loosens the base' % overlay)
        harness.check(bool(spec.get('hostPID')) ==
                      ('SYS_PTRACE' in capabilities),
                      '%s: hostPID exactly when processes are read' % overlay)


def test_release_label_example_changes_both_objects():
    objects = rendered('examples/release-label')
    for kind in ('ServiceMonitor', 'PrometheusRule'):
        release = kustomize.find(objects, kind)['metadata']['labels'].get(
            'release')
        harness.check(release == 'monitoring', '%s: %s' % (kind, release))
    version = re.sub(r'.*:', '', pod_spec(objects)['containers'][0]['image'])
    harness.check(version == VERSION, 'image tag %s' % version)


if __name__ == '__main__':
    harness.run_tests([
        test_every_kustomization_renders_to_valid_objects,
        test_base_is_unprivileged_and_its_pieces_fit,
        test_overlays_add_exactly_what_their_collector_needs,
        test_release_label_example_changes_both_objects])
