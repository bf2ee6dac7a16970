#!/usr/bin/env bash
# Installs the system packages the optional builds need, on Debian/Ubuntu:
# libsecp256k1-dev (0.2.0 or newer, with the recovery, extrakeys and
# schnorrsig modules) for `-tags libsecp256k1`, a C compiler for cgo, and
# iproute2 (`ip`) for the multi-host test in network namespaces (e2e/netns).
# Idempotent: installs only what is missing, as root or through sudo, and
# says what it did. Exits non-zero when something is missing and cannot be
# installed.
set -euo pipefail

say() { printf 'install-deps: %s\n' "$*"; }
"$(dirname "$0")/install-e2e.sh" # npm packages and python3-bitcoinlib for go test ./e2e/...

# has_libsecp256k1 reports whether the headers of a recent enough
# libsecp256k1 (one that defines secp256k1_context_static) compile.
has_libsecp256k1() {
	command -v cc >/dev/null 2>&1 || return 1
	printf '%s\n' \
		'#include <secp256k1.h>' \
		'#include <secp256k1_extrakeys.h>' \
		'#include <secp256k1_recovery.h>' \
		'#include <secp256k1_schnorrsig.h>' \
		'#ifndef SECP256K1_CONTEXT_NONE' \
		'#error "libsecp256k1 older than 0.2.0"' \
		'#endif' | cc -E -x c - >/dev/null 2>&1
}

missing=()
if ! command -v cc >/dev/null 2>&1; then
	missing+=(gcc libc6-dev)
fi
if ! has_libsecp256k1; then
	missing+=(libsecp256k1-dev)
fi
if ! command -v ip >/dev/null 2>&1 && [ ! -x /usr/sbin/ip ] && [ ! -x /sbin/ip ]; then
	missing+=(iproute2)
fi

if [ ${#missing[@]} -eq 0 ]; then
	say "libsecp256k1-dev, a C compiler and iproute2 are present; nothing to do"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	as_root=(sudo)
else
	say "missing: ${missing[*]}; run as root (or with sudo): apt-get install -y --no-install-recommends ${missing[*]}"
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	say "missing: ${missing[*]}; no apt-get here, install them with the system's package manager"
	exit 1
fi

install() {
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}
say "installing: ${missing[*]}"
if ! install; then
	say "install failed; refreshing the package lists and retrying"
	"${as_root[@]}" apt-get update
	install
fi

if ! has_libsecp256k1; then
	say "libsecp256k1-dev installed but its headers do not compile (need 0.2.0 or newer)"
	exit 1
fi
say "installed: ${missing[*]} (libsecp256k1 $(dpkg-query -W -f='${Version}' libsecp256k1-dev 2>/dev/null || echo '?'))"
