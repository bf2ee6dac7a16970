#!/usr/bin/env bash
# Block import of the account chain side by side with geth v1.17.10, in
# memory on both sides: the workload of ethchain's BenchmarkImportERC20Chain
# (16 blocks of 400 ERC-20 transfers and 400 ether transfers from 512
# senders) written as a BlockchainTests file on ethereum/tests' "Cancun"
# network (TestWriteImportFixture), then imported by geth's
# `evm blocktest` (core.BlockChain on a memory database) and by
# `twinchain-tool evm blocktest` (ethchain.Chain in memory), each checking
# every header, the last block hash and the post-state root. A second file
# with the same genesis and no blocks measures reading the file and building
# the genesis state, which is subtracted. Rounds interleave the two tools
# (alternating which goes first) so load on the shared machine hits both.
# geth's evm is installed into bench/out/bin with `go install` (never a
# dependency of our module).
#
# usage: bench/run-eth-import.sh [ROUNDS]   (default 5; prints a markdown table)
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
rounds=${1:-5}
out=bench/out/eth-import
fail() {
	echo "FAIL: $*" >&2
	exit 1
}
rm -rf "$out" && mkdir -p "$out"

GOBIN=$PWD/bench/out/bin go install github.com/ethereum/go-ethereum/cmd/evm@v1.17.10
geth=$PWD/bench/out/bin/evm
"$geth" --version | grep -q ' 1\.17\.10-' || fail "$geth is not geth evm 1.17.10: $("$geth" --version)"
go build -o "$out/twinchain-tool" ./cmd/twinchain-tool
ours=$PWD/$out/twinchain-tool

fixture=$PWD/$out/import.json
empty=$PWD/$out/import-genesis.json
log=$(TWINCHAIN_IMPORT_FIXTURE=$fixture go test -count=1 -run '^TestWriteImportFixture$' -v ./internal/eth/ethchain/)
gas=$(printf '%s\n' "$log" | sed -n 's/.*transactions, \([0-9]*\) gas.*/\1/p')
[ -n "$gas" ] || fail "fixture not written: $log"

# run TOOL FILE: prints the wall and CPU (user + system) seconds; fails
# unless the test passed.
TIMEFORMAT='%R %U %S'
run() {
	if [ "$1" = geth ]; then
		{ time "$geth" blocktest "$2" >"$out/res.txt" 2>/dev/null; } 2>"$out/time.txt"
	else
		{ time "$ours" evm blocktest "$2" >"$out/res.txt"; } 2>"$out/time.txt"
	fi
	grep -q '"pass": *true' "$out/res.txt" || fail "$1 did not pass $2: $(cat "$out/res.txt")"
	awk '{print $1, $2 + $3}' "$out/time.txt"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

for f in geth.wall geth.cpu ours.wall ours.cpu; do : >"$out/$f"; done
echo "uptime before: $(uptime)" >&2
for r in $(seq 1 "$rounds"); do
	order="geth ours"
	[ $((r % 2)) -eq 0 ] && order="ours geth"
	for tool in $order; do
		read -r ew ec < <(run "$tool" "$empty")
		read -r fw fc < <(run "$tool" "$fixture")
		w=$(awk -v a="$fw" -v b="$ew" 'BEGIN{printf "%.0f", (a-b)*1000}')
		c=$(awk -v a="$fc" -v b="$ec" 'BEGIN{printf "%.0f", (a-b)*1000}')
		echo "$w" >>"$out/$tool.wall"
		echo "$c" >>"$out/$tool.cpu"
		echo "round $r $tool: with blocks ${fw}s wall ${fc}s CPU, genesis only ${ew}s wall ${ec}s CPU; import $w ms wall, $c ms CPU" >&2
	done
done
echo "uptime after: $(uptime)" >&2

list() { paste -sd, "$1" | sed 's/,/, /g'; }
mgas() { awk -v g="$gas" -v t="$1" 'BEGIN{printf "%.0f", g/t/1000}'; }
gw=$(median <"$out/geth.wall")
gc=$(median <"$out/geth.cpu")
ow=$(median <"$out/ours.wall")
oc=$(median <"$out/ours.cpu")
echo "| tool | import wall ms per round | median wall ms | Mgas/s (wall) | median CPU ms | Mgas per CPU-s |"
echo "|---|---|---:|---:|---:|---:|"
echo "| geth evm v1.17.10 blocktest | $(list "$out/geth.wall") | $gw | $(mgas "$gw") | $gc | $(mgas "$gc") |"
echo "| twinchain-tool evm blocktest | $(list "$out/ours.wall") | $ow | $(mgas "$ow") | $oc | $(mgas "$oc") |"
echo
echo "$gas gas in all; geth / twinchain: $(awk -v g="$gw" -v o="$ow" 'BEGIN{printf "%.2fx", g/o}') wall, $(awk -v g="$gc" -v o="$oc" 'BEGIN{printf "%.2fx", g/o}') CPU"
