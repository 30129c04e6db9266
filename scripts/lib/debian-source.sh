# Sourced by the dependency build scripts. debian_source DIR PACKAGE...
# unpacks Debian's source package of each PACKAGE into DIR (once; kept for
# later runs), adding deb-src twins of the machine's entries for Debian's
# archive (whatever host APT uses, scripts/lib/apt-sources.sh) when APT has
# none.
source "$(dirname "${BASH_SOURCE[0]}")/apt-sources.sh"

# deb_src_entries: one-line deb-src entries for every deb entry of Debian's
# archive as configured here (its suites and components, not -security).
deb_src_entries() {
  local archive
  archive=$(debian_archive_uri) || return 1
  apt_source_entries | awk -F'\t' -v archive="$archive" '
    $1 == "deb" && $2 == archive {
      print "deb-src " ($5 == "-" ? "" : "[signed-by=" $5 "] ") $2 " " $3 " " $4
    }'
}

ensure_deb_src_entry() {
  local archive entries sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  archive=$(debian_archive_uri) || return 1
  if apt_source_entries | awk -F'\t' -v archive="$archive" '
       $1 == "deb-src" && $2 == archive { found = 1 } END { exit !found }'; then
    return 0
  fi
  entries=$(deb_src_entries) || return 1
  "${sudo[@]}" tee "$apt_etc/sources.list.d/portwatch-deb-src.list" \
    >/dev/null <<<"$entries"
  "${sudo[@]}" apt-get update -qq
}

debian_source() {
  local dir=$1 package
  shift
  mkdir -p "$dir"
  for package in "$@"; do
    if ! ls -d "$dir/$package"-*/ >/dev/null 2>&1; then
      ensure_deb_src_entry
      (cd "$dir" && { apt-get source -qq "$package" >/dev/null 2>&1 ||
                      apt-get source "$package"; })
    fi
  done
}
