# Sourced by the scripts. configure_preset PRESET [CMAKE_ARG...] configures
# the CMake preset PRESET (CMakePresets.json) into build-PRESET with what
# this machine adds: Debian's CivetWeb source tree, ccache when installed,
# and Debian's python3 (which has the python3-yaml package) for the tests.
# ccache hits across checkouts in different directories too.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1

configure_preset() {
  local preset=$1
  shift
  local args=(--preset "$preset"
              -DFETCHCONTENT_SOURCE_DIR_CIVETWEB="$(scripts/lib/civetweb-source.sh)")
  if command -v ccache >/dev/null; then
    args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  fi
  [[ -x /usr/bin/python3 ]] && args+=(-DPython3_EXECUTABLE=/usr/bin/python3)
  cmake "${args[@]}" "$@" >/dev/null
}
