#!/usr/bin/env bash
# Installs what the end-to-end tests (go test ./e2e/...) need besides Go:
# the pinned npm packages of e2e/js (bitcoin-core, bitcoinjs-lib, ecpair,
# tiny-secp256k1, from package-lock.json), Debian's python3-bitcoinlib,
# Debian's chromium (the explorer's browser tests), and btcd and btcctl
# v0.26.2 (go install, into e2e/btcd/bin) for the interop tests of e2e/btcd.
# Idempotent: does nothing when everything is present, installs only what
# is missing (apt packages as root or through sudo) and says what it did.
# Exits non-zero when something is missing and cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'install-e2e: %s\n' "$*"; }
status=0

# npm packages, pinned by e2e/js/package-lock.json.
js=e2e/js
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	say "node and npm are missing: install Node.js 20 or newer (https://nodejs.org) for the JavaScript e2e scenarios"
	status=1
elif (cd "$js" && node -e '
		// Every dependency installed at the version package.json pins.
		const deps = require("./package.json").dependencies;
		for (const [name, want] of Object.entries(deps)) {
			const got = require("./node_modules/" + name + "/package.json").version;
			if (got !== want) process.exit(1);
		}') >/dev/null 2>&1; then
	say "npm packages of $js are installed at the pinned versions; nothing to do"
else
	say "installing the npm packages of $js (npm ci)"
	if ! (cd "$js" && npm ci --no-audit --no-fund --loglevel=error); then
		say "npm ci failed"
		status=1
	fi
fi

# npm packages of the account-chain scenarios (e2e/eth: ethers, solc-js,
# hardhat 2, @nomicfoundation/hardhat-ethers), pinned by
# e2e/eth/js/package-lock.json.
eth_js=e2e/eth/js
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	say "node and npm are missing: install Node.js 20 or newer for the account-chain e2e scenarios ($eth_js)"
	status=1
elif (cd "$eth_js" && node -e '
		const deps = require("./package.json").dependencies;
		for (const [name, want] of Object.entries(deps)) {
			const got = require("./node_modules/" + name + "/package.json").version;
			if (got !== want) process.exit(1);
		}') >/dev/null 2>&1; then
	say "npm packages of $eth_js are installed at the pinned versions; nothing to do"
else
	say "installing the npm packages of $eth_js (npm ci)"
	if ! (cd "$eth_js" && npm ci --no-audit --no-fund --loglevel=error); then
		say "npm ci in $eth_js failed"
		status=1
	fi
fi

# python3-bitcoinlib (bitcoin.rpc.Proxy), from Debian. Debian installs it for
# the system interpreter, which a pyenv or venv python3 on PATH may shadow;
# the e2e tests try python3 and then /usr/bin/python3 the same way.
has_bitcoinlib() {
	local py
	for py in python3 /usr/bin/python3; do
		if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import bitcoin.rpc' >/dev/null 2>&1; then
			return 0
		fi
	done
	return 1
}
if has_bitcoinlib; then
	say "python3-bitcoinlib is present; nothing to do"
else
	if [ "$(id -u)" -eq 0 ]; then
		as_root=()
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		as_root=(sudo)
	else
		as_root=(none)
	fi
	if [ "${as_root[0]:-}" = none ]; then
		say "missing: python3-bitcoinlib; run as root (or with sudo): apt-get install -y --no-install-recommends python3-bitcoinlib"
		status=1
	elif ! command -v apt-get >/dev/null 2>&1; then
		say "missing: python3-bitcoinlib; no apt-get here, install it with the system's package manager (or pip install python-bitcoinlib==0.11.2)"
		status=1
	else
		install() {
			"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-bitcoinlib
		}
		say "installing: python3-bitcoinlib"
		if ! install; then
			say "install failed; refreshing the package lists and retrying"
			"${as_root[@]}" apt-get update
			install || status=1
		fi
		if has_bitcoinlib; then
			say "installed: python3-bitcoinlib $(dpkg-query -W -f='${Version}' python3-bitcoinlib 2>/dev/null || echo '?')"
		else
			say "python3-bitcoinlib could not be installed"
			status=1
		fi
	fi
fi
# Debian's Chromium, for the explorer's browser tests (e2e/explorer drives it
# with chromedp). Test tools' own browser downloads are refused here, so the
# distribution's package it is.
has_chromium() {
	local c
	for c in chromium /usr/bin/chromium; do
		if command -v "$c" >/dev/null 2>&1 && "$c" --version >/dev/null 2>&1; then
			return 0
		fi
	done
	return 1
}
if has_chromium; then
	say "chromium is present; nothing to do"
else
	if [ "$(id -u)" -eq 0 ]; then
		as_root=()
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		as_root=(sudo)
	else
		as_root=(none)
	fi
	if [ "${as_root[0]:-}" = none ]; then
		say "missing: chromium; run as root (or with sudo): apt-get install -y --no-install-recommends chromium"
		status=1
	elif ! command -v apt-get >/dev/null 2>&1; then
		say "missing: chromium; no apt-get here, install it with the system's package manager"
		status=1
	else
		install_chromium() {
			"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-liberation
		}
		say "installing: chromium"
		if ! install_chromium; then
			say "install failed; refreshing the package lists and retrying"
			"${as_root[@]}" apt-get update
			install_chromium || status=1
		fi
		if has_chromium; then
			say "installed: $(chromium --version 2>/dev/null || echo chromium)"
		else
			say "chromium could not be installed"
			status=1
		fi
	fi
fi

# btcd and btcctl, pinned, for the interop tests of e2e/btcd (which look for
# them in e2e/btcd/bin, or take btcd from $TWINCHAIN_BTCD). The module proxy
# refuses some @latest look-ups, so the version is always exact.
btcd_version=v0.26.2
btcd_bin=e2e/btcd/bin
btcd_pinned() {
	# go version -m names the module and version a binary was built from.
	local b
	for b in btcd btcctl; do
		[ -x "$btcd_bin/$b" ] || return 1
		go version -m "$btcd_bin/$b" 2>/dev/null |
			grep -q "^[[:space:]]*mod[[:space:]]*github.com/btcsuite/btcd[[:space:]]*$btcd_version[[:space:]]" || return 1
	done
}
if ! command -v go >/dev/null 2>&1; then
	say "go is missing: install Go to build btcd $btcd_version for e2e/btcd"
	status=1
elif btcd_pinned; then
	say "btcd and btcctl $btcd_version are installed in $btcd_bin; nothing to do"
else
	say "installing btcd and btcctl $btcd_version into $btcd_bin (go install)"
	mkdir -p "$btcd_bin"
	if GOBIN="$PWD/$btcd_bin" go install \
		"github.com/btcsuite/btcd@$btcd_version" \
		"github.com/btcsuite/btcd/cmd/btcctl@$btcd_version" && btcd_pinned; then
		say "installed: btcd and btcctl $btcd_version"
	else
		say "go install of btcd $btcd_version failed"
		status=1
	fi
fi
exit "$status"
