#!/usr/bin/env bash
# Type-checks Grafana dashboard JSON files against the dashboard types that
# Grafana publishes in the npm package @grafana/schema, with the TypeScript
# compiler (both pinned in package-lock.json beside this script; README.md
# says what that proves). Usage: check.sh DASHBOARD.json...
#
# Installs the pinned packages with `npm ci` once into
# ${PORTWATCH_NPM_CACHE:-/var/cache/portwatch-npm}/<hash of package*.json>
# (scripts/ci/npm-pinned.sh; nothing is written beside this script), then runs
# `tsc --noEmit` on one generated file per dashboard whose lines are the
# dashboard's lines, so tsc's messages name the JSON file, line and column.
# Exit status: 0 every dashboard conforms; 1 tsc found type errors (its
# messages are on stdout); 2 bad usage or a file that is not JSON; 3 the
# packages could not be installed (no node/npm, or the registry unreachable).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ $# -eq 0 ]]; then
  echo "usage: $0 DASHBOARD.json..." >&2
  exit 2
fi
source "$here/../../scripts/ci/npm-pinned.sh"
modules=$(npm_pinned_modules "$here")
node -e '
  const fs = require("fs");
  for (const file of process.argv.slice(1)) {
    try { JSON.parse(fs.readFileSync(file, "utf8")); } catch (error) {
      console.error("check.sh: " + file + ": not JSON: " + error.message);
      process.exitCode = 2;
    }
  }' "$@" || exit 2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$modules" "$work/node_modules"
cp "$here/tsconfig.json" "$here/jsonify.ts" "$work/"
# One line, so that line N of dN.ts is line N of dashboard N.
prefix="import type { Dashboard } from '@grafana/schema'; import type { Jsonify } from './jsonify'; export const dashboard: Jsonify<Dashboard> = "
dashboards=("$@")
for i in "${!dashboards[@]}"; do
  { printf '%s' "$prefix"; cat "${dashboards[i]}"; printf '\n;\n'; } >"$work/d$i.ts"
done

status=0
output=$(cd "$work" && node node_modules/typescript/bin/tsc -p . --pretty false) ||
  status=$?
location='^d([0-9]+)\.ts\(([0-9]+),([0-9]+)\)(.*)$'
while IFS= read -r line; do
  if [[ "$line" =~ $location ]]; then
    row=${BASH_REMATCH[2]} column=${BASH_REMATCH[3]}
    if [[ "$row" -eq 1 ]]; then  # the prefix is on line 1
      column=$((column > ${#prefix} ? column - ${#prefix} : 1))
    fi
    line="${dashboards[BASH_REMATCH[1]]}($row,$column)${BASH_REMATCH[4]}"
  fi
  printf '%s\n' "$line"
done < <([[ -z "$output" ]] || printf '%s\n' "$output")
if [[ $status -ne 0 ]]; then
  echo "check.sh: tsc found type errors (exit status $status)" >&2
  exit 1
fi
echo "check.sh: $# dashboard(s) conform to the pinned @grafana/schema types"
