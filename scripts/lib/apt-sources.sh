# Sourced by the scripts that need Debian's package archive (the deb-src
# entry of debian-source.sh, the roots of ci/make-test-root.sh and
# build-container.sh). The archive is the one this machine's APT already
# uses, whatever its host: nothing here names a mirror. Read from
# $PORTWATCH_APT_ETC (default /etc/apt): sources.list and sources.list.d/,
# one-line `.list` files and deb822 `.sources` files alike.

apt_etc=${PORTWATCH_APT_ETC:-/etc/apt}

# apt_source_entries prints one line per enabled entry, in APT's order,
# tab-separated: TYPE URI SUITE COMPONENTS SIGNED-BY ("-" when none or not
# a single path). URIs lose their trailing slashes.
apt_source_entries() {
  local files=() file
  [[ -f "$apt_etc/sources.list" ]] && files+=("$apt_etc/sources.list")
  for file in "$apt_etc"/sources.list.d/*; do
    [[ -f "$file" && ( "$file" == *.list || "$file" == *.sources ) ]] &&
      files+=("$file")
  done
  [[ ${#files[@]} -gt 0 ]] || return 0
  awk '
    function emit(types, uris, suites, components, signed,
                  t, u, s, nt, nu, ns, type, uri, suite) {
      if (signed == "" || signed ~ /[ \t]/) signed = "-"
      gsub(/[ \t]+/, " ", components)
      sub(/^ /, "", components); sub(/ $/, "", components)
      nt = split(types, type, /[ \t]+/)
      nu = split(uris, uri, /[ \t]+/)
      ns = split(suites, suite, /[ \t]+/)
      for (t = 1; t <= nt; t++) for (u = 1; u <= nu; u++)
        for (s = 1; s <= ns; s++) {
          if (type[t] == "" || uri[u] == "" || suite[s] == "") continue
          sub(/\/+$/, "", uri[u])
          print type[t] "\t" uri[u] "\t" suite[s] "\t" components "\t" signed
        }
    }
    # deb822: a stanza ends at a blank line or at the end of its file.
    function flush() {
      if (tolower(field["enabled"]) != "no")
        emit(field["types"], field["uris"], field["suites"],
             field["components"], field["signed-by"])
      split("", field)
      key = ""
    }
    FNR == 1 { if (deb822) flush(); deb822 = FILENAME ~ /\.sources$/ }
    deb822 && /^[ \t]*$/ { flush(); next }
    deb822 && /^#/ { next }
    # Continuation lines; an inline Signed-By key is not kept.
    deb822 && /^[ \t]/ {
      if (key != "signed-by") field[key] = field[key] " " $0
      next
    }
    deb822 {
      colon = index($0, ":")
      if (colon == 0) next
      key = tolower(substr($0, 1, colon - 1))
      field[key] = substr($0, colon + 1)
      sub(/^[ \t]+/, "", field[key]); sub(/[ \t]+$/, "", field[key])
      next
    }
    # One-line: TYPE [OPTIONS] URI SUITE COMPONENT...
    /^[ \t]*deb(-src)?[ \t]/ {
      line = $0
      sub(/#.*/, "", line)
      signed = ""
      left = index(line, "[")
      if (left) {
        right = index(line, "]")
        options = substr(line, left + 1, right - left - 1)
        line = substr(line, 1, left - 1) " " substr(line, right + 1)
        n = split(options, option, /[ \t]+/)
        for (i = 1; i <= n; i++)
          if (option[i] ~ /^signed-by=/) signed = substr(option[i], 11)
      }
      n = split(line, word, /[ \t]+/)
      first = word[1] == "" ? 2 : 1
      components = ""
      for (i = first + 3; i <= n; i++) components = components " " word[i]
      emit(word[first], word[first + 1], word[first + 2], components, signed)
    }
    END { if (deb822) flush() }
  ' "${files[@]}"
}

# The codename of this machine's Debian release (bookworm, trixie, ...).
debian_codename() {
  (. /etc/os-release && echo "${VERSION_CODENAME:-}")
}

# URIs whose Release file APT read says Origin Debian, with the label
# (Debian or Debian-Security) and suite: `URI LABEL SUITE` per line. Empty
# before the first `apt-get update`.
apt_debian_origins() {
  apt-cache policy 2>/dev/null | awk '
    /^ *-?[0-9]+ [a-z0-9+]+:/ { uri = $2; sub(/\/+$/, "", uri); next }
    /^ *release / && /o=Debian,/ {
      label = $0; sub(/.*l=/, "", label); sub(/,.*/, "", label)
      suite = $0; sub(/.*n=/, "", suite); sub(/,.*/, "", suite)
      print uri, label, suite
    }'
}

# _debian_uri SUITE LABEL: the URI of the first deb entry for SUITE with
# component main, one APT knows as Debian's (by LABEL) preferred when
# several are configured.
_debian_uri() {
  local suite=$1 label=$2 candidates uri
  candidates=$(apt_source_entries | awk -F'\t' -v suite="$suite" '
    $1 == "deb" && $3 == suite && (" " $4 " ") ~ / main / { print $2 }')
  [[ -n "$candidates" ]] || return 1
  for uri in $candidates; do
    if apt_debian_origins | grep -qxF "$uri $label $suite"; then
      echo "$uri"
      return 0
    fi
  done
  head -1 <<<"$candidates"
}

# debian_archive_uri: the URI of Debian's archive as APT is configured here
# (the entry for this machine's release); fails, saying so, when none is.
debian_archive_uri() {
  local codename
  codename=$(debian_codename)
  if [[ -z "$codename" ]] || ! _debian_uri "$codename" Debian; then
    echo "no APT entry for Debian's archive" \
      "(deb ... ${codename:-<codename>} main) in $apt_etc/sources.list or" \
      "$apt_etc/sources.list.d/; configure APT with a Debian mirror first" >&2
    return 1
  fi
}

# debian_security_uri: the URI of Debian's security archive as APT is
# configured here (suite <codename>-security); fails quietly when none is.
debian_security_uri() {
  local codename
  codename=$(debian_codename)
  [[ -n "$codename" ]] && _debian_uri "$codename-security" Debian-Security
}

# debian_mirror_entries SUITE: one-line APT entries for a Debian SUITE
# root, as mmdebstrap takes them: SUITE and SUITE-updates from the archive
# this machine uses, SUITE-security from its security archive when one is
# configured (a warning otherwise).
debian_mirror_entries() {
  local suite=$1 archive security
  archive=$(debian_archive_uri) || return 1
  echo "deb $archive $suite main"
  echo "deb $archive $suite-updates main"
  if security=$(debian_security_uri); then
    echo "deb $security $suite-security main"
  else
    echo "warning: no APT entry for Debian's security archive; the $suite" \
      "root gets no security updates" >&2
  fi
}
