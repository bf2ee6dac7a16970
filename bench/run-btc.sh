#!/usr/bin/env bash
# Benchmarks twinchain's Bitcoin hot paths against btcd v0.26.2 in the same run:
# decode block 413567, verify every input of block 277647 (serially and across
# all cores), ECDSA and Schnorr verification. The two test binaries are built
# once and their runs interleaved, so load on the shared machine hits both.
#
# usage: bench/run-btc.sh [ROUNDS]   (default 6; prints a markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-6}
out=bench/out/btc
rm -rf "$out" && mkdir -p "$out"
pattern='^Benchmark(DecodeBlock413567|DecodeBlock413567NoTxids|VerifyBlock277647Serial|VerifyBlock277647Parallel|VerifyECDSA|VerifySchnorr)$'

go test -c -o "$out/primitives.test" ./internal/btc/primitives
go test -c -o "$out/scriptcheck.test" ./internal/btc/scriptcheck
go test -c -o "$out/crypto.test" ./internal/crypto
# The optional libsecp256k1 backend (scripts/install-deps.sh installs it).
cgo=0
if CGO_ENABLED=1 go test -c -tags libsecp256k1 -o "$out/crypto-cgo.test" ./internal/crypto 2>/dev/null &&
	CGO_ENABLED=1 go test -c -tags libsecp256k1 -o "$out/scriptcheck-cgo.test" ./internal/btc/scriptcheck; then
	cgo=1
fi
(cd bench/btcd && go test -c -o "../../$out/btcd.test" .)

run() { # dir binary
	(cd "$1" && "$2" -test.run '^$' -test.bench "$pattern" -test.benchtime 1s -test.count 1)
}
for i in $(seq "$rounds"); do
	echo "round $i/$rounds" >&2
	run internal/btc/primitives "$PWD/$out/primitives.test" >>"$out/twinchain.txt"
	run internal/btc/scriptcheck "$PWD/$out/scriptcheck.test" >>"$out/twinchain.txt"
	run internal/crypto "$PWD/$out/crypto.test" >>"$out/twinchain.txt"
	if [ "$cgo" = 1 ]; then
		# Same benchmarks under the cgo build, reported as Name_libsecp256k1.
		{ run internal/crypto "$PWD/$out/crypto-cgo.test"; run internal/btc/scriptcheck "$PWD/$out/scriptcheck-cgo.test"; } |
			sed -E 's/^(Benchmark[^ -]+)(-[0-9]+)?/\1_libsecp256k1\2/' >>"$out/twinchain.txt"
	fi
	run bench/btcd "$PWD/$out/btcd.test" >>"$out/btcd.txt"
done
echo "# $(go version), $(nproc) cores, $(date -u +%Y-%m-%d), $rounds rounds"
(cd bench/btcd && go run ./cmd/benchcmp -ref "btcd v0.26.2" "../../$out/twinchain.txt" "../../$out/btcd.txt")
