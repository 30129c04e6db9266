# Sourced by the schema checks (dashboards/schema-check,
# deploy/kubernetes/schema-check). npm_pinned_modules DIR installs the npm
# packages pinned by DIR/package.json and DIR/package-lock.json with
# `npm ci` once into ${PORTWATCH_NPM_CACHE:-/var/cache/portwatch-npm}/<hash
# of both files> (reused by later runs; nothing is written into DIR) and
# prints the node_modules path. Exits 3 when it cannot (no node/npm, an
# unwritable cache, or the registry unreachable).
npm_pinned_modules() {
  local dir=$1 tool
  for tool in node npm; do
    command -v "$tool" >/dev/null || {
      echo "npm-pinned: $tool not found (Debian: apt-get install nodejs npm)" >&2
      exit 3
    }
  done
  local cache=${PORTWATCH_NPM_CACHE:-/var/cache/portwatch-npm}
  local hash
  hash=$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -c1-16)
  local modules="$cache/$hash/node_modules"
  if [[ ! -d "$modules" ]]; then
    if ! mkdir -p "$cache" 2>/dev/null || [[ ! -w "$cache" ]]; then
      echo "npm-pinned: cannot write to $cache: set PORTWATCH_NPM_CACHE" >&2
      exit 3
    fi
    local staging
    staging=$(mktemp -d "$cache/.install.XXXXXX")
    chmod 755 "$staging"
    cp "$dir/package.json" "$dir/package-lock.json" "$staging/"
    echo "npm-pinned: installing the npm packages pinned in $dir into $cache/$hash" >&2
    if ! (cd "$staging" && npm ci --no-audit --no-fund --ignore-scripts \
            --loglevel=error >&2); then
      rm -rf "$staging"
      echo "npm-pinned: npm ci failed (is the npm registry reachable?)" >&2
      exit 3
    fi
    # Atomic: a concurrent run that got there first keeps its copy.
    mv -T "$staging" "$cache/$hash" 2>/dev/null || rm -rf "$staging"
  fi
  echo "$modules"
}
