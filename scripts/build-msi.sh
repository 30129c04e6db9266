#!/usr/bin/env bash
# Builds the Windows installer and zip into dist/ on Linux:
#   dist/portwatch-<version>-amd64.msi          (packaging/windows/portwatch.wxs)
#   dist/portwatch-<version>-windows-amd64.zip  (the .exe, LICENSE, README.md)
# from the cross-built, static portwatch_exporter.exe (scripts/build-windows.sh)
# with wixl (Debian's msitools). Usage: scripts/build-msi.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/version.sh
scripts/build-windows.sh portwatch_exporter
version=$(portwatch_version)
exe=build-windows/exporter/portwatch_exporter.exe
# The service's SID (NT SERVICE\portwatch): S-1-5-80- and the SHA-1 of the
# upper-case service name in UTF-16LE as five little-endian numbers. It
# names the account in Event Log Readers, also after the service is gone.
service_sid=$(python3 -c '
import hashlib, struct
digest = hashlib.sha1("PORTWATCH".encode("utf-16-le")).digest()
print("S-1-5-80-" + "-".join(map(str, struct.unpack("<5I", digest))))')
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp packaging/windows/portwatch.wxs LICENSE README.md "$exe" "$stage/"
(cd "$stage" && wixl --arch x64 -D Version="$version" \
   -D ServiceSid="$service_sid" -o portwatch.msi portwatch.wxs)
# The installer's properties reach its elevated part also when a user who
# is not an administrator starts it: wixl writes SecureCustomProperties
# itself (for MajorUpgrade), so they are added to its list here.
secure=$(msiinfo export "$stage/portwatch.msi" Property |
         sed -n 's/^SecureCustomProperties\t//p')
msibuild "$stage/portwatch.msi" -q "UPDATE \`Property\` SET \`Value\` = \
'$secure;LISTEN_ADDR;LISTEN_PORT;ENABLED_COLLECTORS;EXTRA_FLAGS' \
WHERE \`Property\` = 'SecureCustomProperties'"
mkdir -p dist
msi="dist/portwatch-$version-amd64.msi"
zip="dist/portwatch-$version-windows-amd64.zip"
mv "$stage/portwatch.msi" "$msi"
mkdir "$stage/portwatch-$version"
cp "$exe" LICENSE README.md "$stage/portwatch-$version/"
rm -f "$zip"
(cd "$stage" && python3 -m zipfile -c "$OLDPWD/$zip" "portwatch-$version")
echo "build-msi: $msi, $zip" >&2
