#!/usr/bin/env bash
# Builds the Debian package: scripts/package-deb.sh BINARY OUTDIR -> OUTDIR/wolfix_VERSION_ARCH.deb
# (the binary, the systemd unit, the default config; packaging/deb holds the sources).
# Prints the package's path.
set -euo pipefail
bin=$(realpath "$1")
out=$(realpath "${2:-.}")
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/packaging/deb"
version=$("$bin" version | awk '{print $2}')
arch=$(dpkg --print-architecture)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

install -D -m 0755 "$bin" "$stage/usr/bin/wolfix"
strip --strip-unneeded "$stage/usr/bin/wolfix" 2>/dev/null || true
install -D -m 0644 "$src/wolfix.service" "$stage/lib/systemd/system/wolfix.service"
install -D -m 0640 "$src/wolfix.env" "$stage/etc/wolfix/wolfix.env"
install -D -m 0644 "$root/README.md" "$stage/usr/share/doc/wolfix/README.md"
install -d "$stage/DEBIAN"
install -m 0755 "$src/postinst" "$src/prerm" "$src/postrm" "$stage/DEBIAN/"
echo /etc/wolfix/wolfix.env >"$stage/DEBIAN/conffiles"

# Runtime libraries: dpkg-shlibdeps (dpkg-dev) reads them off the binary, with versions.
mkdir -p "$stage/debian"
printf 'Source: wolfix\n\nPackage: wolfix\nArchitecture: any\n' >"$stage/debian/control"
depends=$(cd "$stage" && dpkg-shlibdeps -O -e usr/bin/wolfix 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
rm -rf "$stage/debian"
[[ -n "$depends" ]] || { echo "package-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<CONTROL
Package: wolfix
Version: $version
Architecture: $arch
Maintainer: Wolfix maintainers <wolfix@example.com>
Installed-Size: $size
Depends: $depends, passwd
Section: web
Priority: optional
Homepage: https://github.com/Dmytro-Butnyk/Wolfix.Server
Description: marketplace backend that takes money online correctly
 Wolfix serves a marketplace's HTTP API and storefront from one binary, with an
 embedded SQLite database (or PostgreSQL), card payments through Stripe or a
 built-in sandbox, and a hardened systemd unit (wolfix.service).
CONTROL

deb="$out/wolfix_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
