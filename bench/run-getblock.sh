#!/usr/bin/env bash
# getblock verbosity 2 under concurrent load, twinchaind against btcd v0.26.2
# in the same run (issue 4's acceptance benchmark).
#
#   - A regtest chain is generated once (bench/btcd/cmd/genchain, package
#     chaingen: signed transactions of five output types, segwit and taproot
#     spends): $BLOCKS blocks, the last $FULL of them with $TXS transactions
#     each (the first 100 hold only their coinbase until one matures).
#   - twinchaind (-regtest -eth=0 -disablewallet -listen=0, defaults
#     otherwise: -rpcthreads=16, its getblock cache of 16 answers) and btcd
#     v0.26.2 (--regtest --notls --nolisten --nocfilters, --rpcmaxclients=64
#     since its default of 10 would refuse 16 clients; defaults otherwise)
#     start and each receives the chain with submitblock (full validation on
#     both). twinchaind's data directory is kept for the next run of the
#     same chain; btcd deletes its regtest database at every start, so it
#     re-imports each time (25-65 s here). Both must report the
#     generated tip, and getblock verbosity 2 of every loaded block must give
#     the same block fields and transactions on both (bench/getblock compare).
#   - bench/getblock load runs $CLIENTS concurrent keep-alive HTTP clients
#     doing getblock <hash> 2 for $SECS seconds per round, rounds interleaved
#     (ours, btcd, btcd, ours, ...), in two modes:
#       cached:   the last $HOT blocks in turn: they fit twinchaind's cache of
#                 encoded verbosity-2 answers (16 entries, 64 MiB), so after
#                 the warm-up every answer is a cache hit;
#       uncached: the last $FULL blocks in a shared round-robin order: with
#                 at least 16 cache entries + 2 x 16 clients - 1 blocks (47;
#                 the default has 50), at least 16 other answers entered the
#                 cache (first in, first out) since a block's last answer
#                 was built, so every answer is built from the block and its
#                 undo data again. twinchaind has no option to disable the cache
#                 (btcrpc.Config.BlockCacheEntries is not wired to a flag), so
#                 this is how the uncached path is measured.
#     btcd has no such cache: both modes do the same work there.
# Prints per-round figures, medians and ratios (markdown).
#
# usage: bench/run-getblock.sh [ROUNDS]   (default 5; 3.5-5 minutes on 2 busy cores)
# environment: BLOCKS (150) TXS (1000) HOT (8) CLIENTS (16) SECS (6), FRESH=1
# to regenerate the chain and re-import it (otherwise kept in bench/out/getblock)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
blocks=${BLOCKS:-150}
txs=${TXS:-1000}
hot=${HOT:-8}
clients=${CLIENTS:-16}
secs=${SECS:-6}
full=$((blocks - 100))
out=bench/out/getblock
bin=$out/bin
res=$out/results
if [ "$full" -lt $((16 + 2 * clients - 1)) ]; then
	echo "warning: $full blocks with transactions < 16 + 2 x $clients - 1: the uncached mode may hit twinchaind's cache" >&2
fi
mkdir -p "$bin"
rm -rf "$res" && mkdir -p "$res"

go build -o "$bin/twinchaind" ./cmd/twinchaind
go build -o "$bin/getblock" ./bench/getblock
(cd bench/btcd && go build -o "../../$bin/genchain" ./cmd/genchain)
if [ ! -x "$bin/btcd" ] || ! "$bin/btcd" --version 2>/dev/null | grep -q '0\.26\.2'; then
	(cd /tmp && GOBIN="$OLDPWD/$bin" GOFLAGS=-mod=mod go install github.com/btcsuite/btcd@v0.26.2)
fi

# The chain and twinchaind's data directory are kept for the next run of
# the same BLOCKS and TXS (getblock does not change them); FRESH=1 redoes
# them. btcd removes its regtest database itself at every start.
key=$blocks-$txs
chain=$out/chain-$key.blk
if [ "${FRESH:-0}" = 1 ] || [ ! -s "$chain" ] || [ ! -s "$chain.info" ]; then
	rm -rf "$out"/data-* "$out"/chain-*
	echo "generating the chain ($blocks blocks, $full of them with $txs transactions)" >&2
	"$bin/genchain" -out "$chain" -blocks "$blocks" -txs "$txs" >"$chain.info"
fi
# blocks= txs= inputs= bytes= tip= height=
eval "$(tr ' ' '\n' <"$chain.info" | grep -E '^(txs|inputs|bytes|tip|height)=' | sed 's/^/gen_/')"

pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

gb() { "$bin/getblock" "$@"; }
wait_rpc() { # URL NAME
	for _ in $(seq 300); do
		gb tip -url "$1" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "$2 did not answer on $1" >&2
	exit 1
}

port_ours=$(gb freeport)
mkdir -p "$out/data-ours-$key"
"$bin/twinchaind" -regtest -datadir="$out/data-ours-$key" -rpcport="$port_ours" -rpcuser=bench -rpcpassword=bench \
	-eth=0 -disablewallet -listen=0 -printtoconsole=0 >"$res/twinchaind.log" 2>&1 &
pids+=($!)
url_ours=http://127.0.0.1:$port_ours/
wait_rpc "$url_ours" twinchaind

port_btcd=$(gb freeport)
"$bin/btcd" --regtest --notls --nolisten --rpcuser=bench --rpcpass=bench --rpclisten="127.0.0.1:$port_btcd" \
	--rpcmaxclients=64 --nocfilters --datadir="$out/data-btcd-$key" --logdir="$out/data-btcd-$key/logs" >"$res/btcd.log" 2>&1 &
pids+=($!)
url_btcd=http://127.0.0.1:$port_btcd/
wait_rpc "$url_btcd" btcd

want="height=$gen_height hash=$gen_tip"
for who in ours btcd; do
	url=url_$who
	if [ "$(gb tip -url "${!url}")" = "$want" ]; then
		echo "$who: the chain is already imported (kept from an earlier run)" >&2
		continue
	fi
	s=$(date +%s.%N)
	got=$(gb submit -url "${!url}" "$chain")
	e=$(date +%s.%N)
	[ "$got" = "$want" ] || { echo "$who ended on $got, want $want" >&2; exit 1; }
	awk -v s="$s" -v e="$e" 'BEGIN{printf "%.1f\n", e-s}' >"$out/submit-$who-$key.txt"
	echo "$who: submitblock of the chain took $(cat "$out/submit-$who-$key.txt") s" >&2
done

first_full=$((gen_height - full + 1))
first_hot=$((gen_height - hot + 1))
gb compare -url "$url_ours" -url2 "$url_btcd" -from "$first_full" -to "$gen_height" >"$res/compare.txt"

run() { # WHO MODE FROM
	local url=url_$1
	gb load -url "${!url}" -from "$3" -to "$gen_height" -clients "$clients" -duration "${secs}s" >>"$res/$1-$2.txt"
}
for i in $(seq "$rounds"); do
	echo "round $i/$rounds" >&2
	for mode in cached uncached; do
		from=$first_hot
		[ "$mode" = uncached ] && from=$first_full
		if [ $((i % 2)) = 1 ]; then
			run ours "$mode" "$from"; run btcd "$mode" "$from"
		else
			run btcd "$mode" "$from"; run ours "$mode" "$from"
		fi
	done
done

field() { # FILE KEY: the values of KEY=, one a line
	tr ' ' '\n' <"$1" | sed -n "s/^$2=//p"
}
median() { sort -g | awk '{a[NR]=$1} END{if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
med() { field "$1" "$2" | median; }

echo "# getblock <hash> 2, $clients concurrent clients, ${secs} s per round, $rounds interleaved rounds"
echo "# chain: regtest, $gen_height blocks, $gen_txs transactions ($gen_inputs inputs, $gen_bytes bytes); the last $full blocks hold $txs transactions each"
echo "# $(go version), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); submitblock import of the chain: twinchaind $(cat "$out/submit-ours-$key.txt") s, btcd $(cat "$out/submit-btcd-$key.txt") s"
echo
echo "Per round (requests/s):"
echo
echo "| mode | node | $(seq -s ' | ' "$rounds") |"
echo "|---|---|$(for _ in $(seq "$rounds"); do printf -- '---:|'; done)"
for mode in cached uncached; do
	for who in ours btcd; do
		label=twinchaind; [ "$who" = btcd ] && label="btcd v0.26.2"
		echo "| $mode | $label | $(field "$res/$who-$mode.txt" rps | tr '\n' '|' | sed 's/|$//; s/|/ | /g') |"
	done
done
echo
echo "Medians:"
echo
echo "| mode | node | blocks asked | requests/s | MB/s | p50 ms | p99 ms | bytes/answer | TCP connections per round |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
for mode in cached uncached; do
	n=$hot; [ "$mode" = uncached ] && n=$full
	for who in ours btcd; do
		f=$res/$who-$mode.txt
		label=twinchaind; [ "$who" = btcd ] && label="btcd v0.26.2"
		echo "| $mode | $label | $n | $(med "$f" rps) | $(med "$f" mbps) | $(med "$f" p50ms) | $(med "$f" p99ms) | $(med "$f" avgbytes) | $(med "$f" conns) |"
	done
done
echo
for mode in cached uncached; do
	awk -v m="$mode" -v a="$(med "$res/ours-$mode.txt" rps)" -v b="$(med "$res/btcd-$mode.txt" rps)" \
		'BEGIN{printf "Ratio twinchaind / btcd, %s: %.2fx requests/s\n", m, a/b}'
done
echo
echo "Same work: $(head -1 "$res/compare.txt")"
echo "Fields only twinchaind returns: $(sed -n 2p "$res/compare.txt" | sed 's/^fields only in the first: //')"
echo "Fields only btcd returns: $(sed -n 3p "$res/compare.txt" | sed 's/^fields only in the second: //')"
