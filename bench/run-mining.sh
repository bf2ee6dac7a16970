#!/usr/bin/env bash
# Mempool and mining benchmarks, twinchain against btcd v0.26.2 in the same
# run, rounds interleaved:
#   - BenchmarkAcceptP2WPKH: mempool acceptance of one-input, two-output
#     P2WPKH spends of confirmed coins (signatures verified, no signature
#     cache), transactions per second;
#   - BenchmarkAcceptMix: the same for the mix of internal/btc/mining's
#     bench_test.go (70% 1-in/2-out, 20% 2-in/2-out, 10% children of pool
#     transactions, 2-59 sat/vB), identical transactions on both sides;
#   - BenchmarkNewBlockTemplate50k: a block template from a pool of 50,000
#     such transactions (twinchain: mining.Generator.NewTemplate; btcd:
#     BlkTmplGenerator.NewBlockTemplate, which also validates the block with
#     CheckConnectBlockTemplate, on a regtest chain imported into btcd).
# btcd's side lives in bench/btcd/mining_bench_test.go behind the build tag
# miningbench: it needs btcd's mempool and mining packages, whose
# dependencies bench/btcd/go.mod does not list, so the script tidies a copy
# of go.mod under bench/out/mining and builds with -modfile (the module's own
# go.mod and go.sum are left alone).
#
# usage: bench/run-mining.sh [ROUNDS]   (default 5; prints a markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
out=bench/out/mining
rm -rf "$out" && mkdir -p "$out"

go test -c -o "$out/mempool.test" ./internal/btc/mempool
go test -c -o "$out/mining.test" ./internal/btc/mining
cp bench/btcd/go.mod "$out/btcd.mod"
cp bench/btcd/go.sum "$out/btcd.sum"
(cd bench/btcd && go mod tidy -modfile="../../$out/btcd.mod" &&
	go test -c -tags miningbench -modfile="../../$out/btcd.mod" -o "../../$out/btcd.test" .)

run() { # dir binary pattern
	(cd "$1" && "$2" -test.run '^$' -test.bench "$3" -test.benchtime 1s -test.count 1)
}
for i in $(seq "$rounds"); do
	echo "round $i/$rounds" >&2
	if [ $((i % 2)) = 1 ]; then
		run internal/btc/mempool "$PWD/$out/mempool.test" '^BenchmarkAcceptP2WPKH$' >>"$out/twinchain.txt"
		run internal/btc/mining "$PWD/$out/mining.test" '^Benchmark(AcceptMix|NewBlockTemplate50k)$' >>"$out/twinchain.txt"
		run bench/btcd "$PWD/$out/btcd.test" '^Benchmark(AcceptP2WPKH|AcceptMix|NewBlockTemplate50k)$' >>"$out/btcd.txt"
	else
		run bench/btcd "$PWD/$out/btcd.test" '^Benchmark(AcceptP2WPKH|AcceptMix|NewBlockTemplate50k)$' >>"$out/btcd.txt"
		run internal/btc/mempool "$PWD/$out/mempool.test" '^BenchmarkAcceptP2WPKH$' >>"$out/twinchain.txt"
		run internal/btc/mining "$PWD/$out/mining.test" '^Benchmark(AcceptMix|NewBlockTemplate50k)$' >>"$out/twinchain.txt"
	fi
done
echo "# $(go version), $(nproc) cores, $(date -u +%Y-%m-%d), $rounds rounds"
(cd bench/btcd && go run ./cmd/benchcmp -ref "btcd v0.26.2" "../../$out/twinchain.txt" "../../$out/btcd.txt")
echo
echo "medians of the rounds (transactions per second, transactions per block):"
for f in twinchain btcd; do
	awk '/tx\/s|txs\/block/ {
		name=$1; sub(/-[0-9]+$/, "", name)
		for (i = 4; i < NF; i++) if ($(i+1) == "tx/s" || $(i+1) == "txs/block") print name, $(i+1), $i
	}' "$out/$f.txt" | sort -k1,2 -k3,3n | awk -v who="$f" '
		{ k = $1 " " $2; if (k != cur) { flush(); cur = k; n = 0 } a[++n] = $3 }
		function flush() { if (n) printf "  %s: %s: %.0f\n", who, cur, (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
		END { flush() }'
done
