#!/bin/sh
# Copies BINARY, the shared libraries it loads (ldd) and their packages'
# copyright files into ROOTFS, with passwd and group entries for nobody:
# the whole root file system of the runtime image (Containerfile).
# Usage: make-rootfs.sh BINARY ROOTFS
set -eu
binary=$1
rootfs=$2
mkdir -p "$rootfs/etc" "$rootfs/usr/share/doc"
cp --parents "$binary" "$rootfs"
# "libfoo.so.1 => /lib/x86_64-linux-gnu/libfoo.so.1 (0x...)" and the loader
# "/lib64/ld-linux-x86-64.so.2 (0x...)"; ldd fails on a missing library.
libraries=$(ldd "$binary" | awk '$2 == "=>" { print $3 } $1 ~ /^\// { print $1 }')
if ldd "$binary" | grep -q 'not found'; then
  ldd "$binary" >&2
  exit 1
fi
for library in $libraries; do
  cp --parents --dereference "$library" "$rootfs"
done
# Which package owns each file: dpkg knows a library by the path its package
# ships, /lib/... or /usr/lib/... (merged /usr makes both work for ldd).
owners() {
  for file in "$@"; do
    dpkg-query --search "$file" 2>/dev/null ||
      dpkg-query --search "/usr$file" 2>/dev/null ||
      dpkg-query --search "${file#/usr}" ||
      { echo "make-rootfs: no package owns $file" >&2; exit 1; }
  done | cut -d: -f1 | sort -u
}
for package in $(owners "$binary" $libraries); do
  mkdir -p "$rootfs/usr/share/doc/$package"
  cp "/usr/share/doc/$package/copyright" "$rootfs/usr/share/doc/$package/"
done
echo 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >"$rootfs/etc/passwd"
echo 'nogroup:x:65534:' >"$rootfs/etc/group"
