#!/usr/bin/env bash
# Runs every test of twinchain: formatting, vet, staticcheck, the import
# rules, the Go tests (which include the conformance runs over
# ../shared/testdata), and the same conformance runs through twinchain-tool.
# Exits non-zero on the first failure. Set TWINCHAIN_TESTDATA to use vectors
# from elsewhere than ../shared/testdata.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
testdata=${TWINCHAIN_TESTDATA:-$root/../shared/testdata}

step() { printf '\n==> %s\n' "$*"; }

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './bench/*'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

step "go vet"
go vet ./...

step "staticcheck (pinned in go.mod as a tool)"
go tool staticcheck ./...

step "go test ./... (unit tests, fuzz seeds, conformance vectors, import rules)"
go test -count=1 -timeout=20m ./...

step "libsecp256k1 backend (-tags libsecp256k1): crypto, txscript, scriptcheck"
if [ "${CI:-}" != "true" ] && ! echo '#include <secp256k1_schnorrsig.h>' | cc -E -x c - >/dev/null 2>&1; then
	echo "skipping: libsecp256k1-dev is not installed (scripts/install-deps.sh installs it; CI always runs this step)"
else
	CGO_ENABLED=1 go vet -tags libsecp256k1 ./internal/crypto/
	CGO_ENABLED=1 go tool staticcheck -tags libsecp256k1 ./internal/crypto/
	CGO_ENABLED=1 go test -count=1 -tags libsecp256k1 ./internal/crypto/ ./internal/btc/txscript/ ./internal/btc/scriptcheck/
fi

step "conformance through twinchain-tool"
if [ ! -d "$testdata" ]; then
	if [ "${CI:-}" = "true" ]; then echo "test vectors missing at $testdata"; exit 1; fi
	echo "skipping: no test vectors at $testdata"; exit 0
fi
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/twinchain-tool" ./cmd/twinchain-tool
core=$testdata/bitcoin-core
"$bin/twinchain-tool" btc scripttests "$core/script_tests.json"
"$bin/twinchain-tool" btc txtests --valid "$core/tx_valid.json"
"$bin/twinchain-tool" btc txtests --invalid "$core/tx_invalid.json"
"$bin/twinchain-tool" btc sighashtests "$core/sighash.json"
"$bin/twinchain-tool" btc scriptassets internal/btc/corevectors/testdata/script_assets
"$bin/twinchain-tool" btc decode block "@$core/block413567.raw" >/dev/null
"$bin/twinchain-tool" evm statetest "$testdata/ethereum-tests/GeneralStateTests/Cancun" | tail -n 1
echo
echo "all tests passed"
