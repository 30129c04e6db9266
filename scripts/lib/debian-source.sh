# Sourced by the dependency build scripts. debian_source DIR PACKAGE...
# unpacks Debian's source package of each PACKAGE into DIR (once; kept for
# later runs), adding a deb-src twin of the configured Debian mirror to APT
# when none exists.

ensure_deb_src_entry() {
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  if grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ ||
     grep -qs '^deb-src' /etc/apt/sources.list; then
    return 0
  fi
  local source_list
  source_list=$(grep -l 'deb.debian.org/debian$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 || true)
  if [[ -n "$source_list" ]]; then
    # The stanzas of the main archive (not -security), as deb-src.
    awk 'BEGIN{RS="";ORS="\n\n"} /URIs: [^\n]*\/debian\n/ {sub(/Types: deb\n/,"Types: deb-src\n"); print}' \
      "$source_list" |
      "${sudo[@]}" tee /etc/apt/sources.list.d/portwatch-deb-src.sources >/dev/null
  else
    grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' |
      "${sudo[@]}" tee /etc/apt/sources.list.d/portwatch-deb-src.list >/dev/null
  fi
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
