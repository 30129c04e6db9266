"""deploy/kubernetes rendered with Debian 12's kubectl (kustomize 2.0.3,
scripts/ci/debian-kubectl.sh): every directory holding a kustomization.yaml.
Needs python3-yaml."""

import functools
import os
import subprocess

import yaml


def kustomizations(source_dir):
    """Paths of the kustomization directories, relative to
    deploy/kubernetes, sorted."""
    root = os.path.join(source_dir, 'deploy', 'kubernetes')
    return sorted(os.path.relpath(directory, root)
                  for directory, _, files in os.walk(root)
                  if 'kustomization.yaml' in files)


@functools.lru_cache(maxsize=None)
def kubectl(source_dir):
    """Debian's kubectl (found or downloaded once per test process)."""
    return subprocess.run(
        [os.path.join(source_dir, 'scripts', 'ci', 'debian-kubectl.sh')],
        capture_output=True, text=True, check=True).stdout.strip()


def render(source_dir, kustomization):
    """The rendered text and its objects."""
    result = subprocess.run(
        [kubectl(source_dir), 'kustomize',
         os.path.join(source_dir, 'deploy', 'kubernetes', kustomization)],
        capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError('kubectl kustomize %s: %s' % (kustomization,
                                                           result.stderr))
    return result.stdout, [o for o in yaml.safe_load_all(result.stdout) if o]


def find(objects, kind):
    """The one object of `kind`."""
    found = [o for o in objects if o['kind'] == kind]
    if len(found) != 1:
        raise AssertionError('%d objects of kind %s' % (len(found), kind))
    return found[0]
