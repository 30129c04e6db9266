"""What the package tests share: the artifacts in dist/ (release.sh and
the build-*.sh scripts make them) and podman with the project's settings
for the host (scripts/lib/podman.sh). Standard library only."""

import glob
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'e2e'))
import harness  # noqa: E402

SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
VERSION = harness.env_path('PORTWATCH_VERSION')


def artifact(pattern, script):
    """The one file in dist/ matching `pattern` % VERSION; without root or
    the file, the test skips (exit 77; fails under CI) naming `script`."""
    if os.geteuid() != 0:
        raise SystemExit(harness.cannot_run('needs root'))
    paths = glob.glob(os.path.join(SOURCE_DIR, 'dist', pattern % VERSION))
    if len(paths) != 1:
        raise SystemExit(harness.cannot_run('no dist/%s: run %s' % (
            pattern % VERSION, script)))
    return paths[0]


def podman(*args, check=True, binary=False):
    """Runs podman through scripts/lib/podman.sh; returns the completed
    process (text, or bytes with `binary`). With `check`, a failure is an
    AssertionError."""
    result = subprocess.run(
        ['bash', '-c', 'source "$0"; podman "$@"',
         os.path.join(SOURCE_DIR, 'scripts', 'lib', 'podman.sh')] +
        list(args), capture_output=True, timeout=300,
        **({} if binary else {'text': True, 'errors': 'replace'}))
    if check and result.returncode != 0:
        raise AssertionError('podman %s: %s' % (' '.join(args),
                                                result.stderr))
    return result
