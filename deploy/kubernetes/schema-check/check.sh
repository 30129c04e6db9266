#!/usr/bin/env bash
# Checks rendered Kubernetes manifests (multi-document YAML, as
# `kubectl kustomize` prints them) against the API types offline, with the
# npm packages kubernetes-models (the Kubernetes OpenAPI schema) and
# @kubernetes-models/prometheus-operator (ServiceMonitor, PrometheusRule),
# pinned in package-lock.json beside this script:
#  - tsc type-checks each object against its kind's interface, so unknown
#    or misspelt fields, missing required fields and wrong types fail;
#  - validate.mjs runs each kind's schema validation (formats and patterns:
#    quantities, int-or-string).
# An object of a kind neither package knows fails too.
# Usage: check.sh RENDERED.yaml...   Exit status: 0 all valid; 1 invalid
# objects (printed); 2 bad usage or input that is not YAML; 3 the packages
# could not be installed (scripts/ci/npm-pinned.sh).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ $# -eq 0 ]]; then
  echo "usage: $0 RENDERED.yaml..." >&2
  exit 2
fi
source "$here/../../../scripts/ci/npm-pinned.sh"
modules=$(npm_pinned_modules "$here")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$modules" "$work/node_modules"
cp "$here/tsconfig.json" "$here/validate.mjs" "$work/"
# Each object into object<n>-<kind>-<name>.json and a .ts file assigning it to
# its kind's interface (so tsc's messages name the object).
python3 - "$work" "$@" <<'PYTHON' || exit 2
import json, os, sys
import yaml

work = sys.argv[1]
n = 0
for path in sys.argv[2:]:
    try:
        with open(path) as file:
            objects = [o for o in yaml.safe_load_all(file) if o is not None]
    except (OSError, yaml.YAMLError) as error:
        sys.exit('check.sh: %s: %s' % (path, error))
    for obj in objects:
        api_version, kind = obj.get('apiVersion', ''), obj.get('kind', '')
        group = api_version.split('/')[0] if '/' in api_version else ''
        module = ('@kubernetes-models/prometheus-operator/' + api_version
                  if group == 'monitoring.coreos.com'
                  else 'kubernetes-models/' + api_version)
        name = 'object%d-%s-%s' % (n, kind, obj.get('metadata', {}).get('name'))
        n += 1
        with open(os.path.join(work, name + '.json'), 'w') as out:
            json.dump(obj, out, indent=2)
        with open(os.path.join(work, name + '.ts'), 'w') as out:
            out.write("import type { I%s } from '%s';\n" % (kind, module))
            out.write('export const object: I%s = %s;\n' % (
                kind, json.dumps(obj, indent=2)))
if n == 0:
    sys.exit('check.sh: no objects in ' + ' '.join(sys.argv[2:]))
PYTHON

status=0
(cd "$work" && node node_modules/typescript/bin/tsc -p . --pretty false) ||
  status=1
(cd "$work" && node validate.mjs ./object*.json) || status=1
count=$(find "$work" -name 'object*.json' | wc -l)
if [[ $status -ne 0 ]]; then
  echo "check.sh: invalid objects among $count (above)" >&2
  exit 1
fi
echo "check.sh: $count object(s) valid against kubernetes-models and prometheus-operator"
