#!/usr/bin/env bash
# CMAKE_CROSSCOMPILING_EMULATOR of the windows-mingw preset: runs a Windows
# .exe under Debian's wine64, quietly, in $WINEPREFIX (default: a prefix
# beside this user's home, created on first use).
export WINEDEBUG=${WINEDEBUG:--all}
export WINEPREFIX=${WINEPREFIX:-${HOME:-/tmp}/.portwatch-wine}
exec /usr/lib/wine/wine64 "$@"
