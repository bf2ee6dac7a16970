#!/usr/bin/env bash
# Sync over loopback P2P, twinchaind against btcd v0.26.2 in the same run
# (issue 5's acceptance benchmark).
#
#   - The generated acceptance chain of issue 3 (bench/btcd/cmd/genchain,
#     chaingen.DefaultConfig: 1,000 regtest blocks, 100,800 signed
#     transactions of five output types, ~170,000 inputs) is generated at
#     each run with -recent: the same chain with its timestamps shifted so
#     that the tip is an hour old. With the default timestamps (2020) the
#     serving nodes would stay in initial block download, where a node
#     (ours as Core) does not answer getheaders.
#   - Our side: the chain is imported once with twinchain-tool btc
#     importblocks into a data directory that is copied to four; four
#     twinchaind (-regtest -eth=0 -disablewallet -connect=0 -listen=1) serve
#     it on loopback ports. Each round a fresh twinchaind (fresh data
#     directory, -listen=0, defaults otherwise, full validation: regtest has
#     no assumevalid) connects with -connect to 1 of them ("1 peer") or to
#     all 4 ("4 peers": parallel block download from every peer).
#   - btcd's side: a btcd v0.26.2 (--regtest --nocfilters) receives the
#     chain by submitblock (btcd deletes its regtest database at every
#     start, and its addblock tool uses BFFastAdd, so it is not used) and
#     serves it; each round a fresh btcd (--connect to it, --nolisten,
#     defaults otherwise, full validation: regtest has no checkpoints)
#     syncs it. btcd downloads from one peer only, so it gets one.
#   - Rounds are interleaved (the order alternates). Each measure is the
#     wall time from the syncing process's start until its RPC reports the
#     generated tip (polled every 50 ms), and the syncing process's CPU
#     time (user+sys from /proc) at that point.
# Prints per-round figures, medians and ratios (markdown).
#
# usage: bench/run-sync.sh [ROUNDS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
out=bench/out/sync
bin=$out/bin
res=$out/results
mkdir -p "$bin"
rm -rf "$res" "$out"/data-* && mkdir -p "$res"

go build -o "$bin/twinchaind" ./cmd/twinchaind
go build -o "$bin/twinchain-tool" ./cmd/twinchain-tool
go build -o "$bin/getblock" ./bench/getblock
if [ ! -x "$bin/btcd" ] || ! "$bin/btcd" --version 2>/dev/null | grep -q '0\.26\.2'; then
	if [ -x bench/out/getblock/bin/btcd ] && bench/out/getblock/bin/btcd --version 2>/dev/null | grep -q '0\.26\.2'; then
		cp bench/out/getblock/bin/btcd "$bin/btcd"
	else
		(cd /tmp && GOBIN="$OLDPWD/$bin" GOFLAGS=-mod=mod go install github.com/btcsuite/btcd@v0.26.2)
	fi
fi

(cd bench/btcd && go build -o "../../$bin/genchain" ./cmd/genchain)
chain=$out/chain.blk
info=$out/chain.txt
echo "generating the chain" >&2
"$bin/genchain" -recent -out "$chain" >"$info"
# blocks= txs= inputs= bytes= tip= height=
eval "$(tr ' ' '\n' <"$info" | grep -E '^(blocks|txs|inputs|bytes|tip|height)=')"
want="height=$height hash=$tip"

pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

gb() { "$bin/getblock" "$@"; }
wait_rpc() { # URL NAME
	for _ in $(seq 600); do
		gb tip -url "$1" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "$2 did not answer on $1" >&2
	exit 1
}
ticks=$(getconf CLK_TCK)
cpu_of() { # PID: user+sys seconds
	awk -v t="$ticks" '{printf "%.2f", ($14+$15)/t}' "/proc/$1/stat"
}

# Our four serving nodes.
echo "importing the chain for our serving nodes" >&2
"$bin/twinchain-tool" btc importblocks -chain=regtest -progress=0 -datadir="$out/data-src1/btc/regtest" "$chain" >"$res/import.txt"
grep -q "^$want\$" "$res/import.txt" || { echo "import ended on $(cat "$res/import.txt")" >&2; exit 1; }
ports=()
for i in 1 2 3 4; do
	[ "$i" = 1 ] || cp -a "$out/data-src1" "$out/data-src$i"
	p2p=$(gb freeport)
	rpc=$(gb freeport)
	"$bin/twinchaind" -regtest -datadir="$out/data-src$i" -port="$p2p" -listen=1 -connect=0 -rpcport="$rpc" \
		-rpcuser=bench -rpcpassword=bench -eth=0 -disablewallet -printtoconsole=0 >"$res/src$i.log" 2>&1 &
	pids+=($!)
	wait_rpc "http://127.0.0.1:$rpc/" "twinchaind src$i"
	[ "$(gb tip -url "http://127.0.0.1:$rpc/")" = "$want" ] || { echo "src$i is not at the tip" >&2; exit 1; }
	ports+=("$p2p")
done

# btcd's serving node.
btcd_p2p=$(gb freeport)
btcd_rpc=$(gb freeport)
"$bin/btcd" --regtest --notls --listen="127.0.0.1:$btcd_p2p" --rpcuser=bench --rpcpass=bench \
	--rpclisten="127.0.0.1:$btcd_rpc" --nocfilters --datadir="$out/data-btcdsrc" --logdir="$out/data-btcdsrc/logs" \
	>"$res/btcdsrc.log" 2>&1 &
pids+=($!)
wait_rpc "http://127.0.0.1:$btcd_rpc/" "btcd source"
echo "submitting the chain to btcd's serving node" >&2
got=$(gb submit -url "http://127.0.0.1:$btcd_rpc/" "$chain")
[ "$got" = "$want" ] || { echo "btcd source ended on $got, want $want" >&2; exit 1; }

# sync NAME ARGS...: starts a fresh syncing node (twinchaind unless NAME is
# btcd), waits for the tip, appends "wall_s cpu_s" to $res/NAME.txt.
sync_one() {
	local name=$1; shift
	local dir=$out/data-fresh rpc pid s e cpu
	rm -rf "$dir" && mkdir -p "$dir"
	rpc=$(gb freeport)
	s=$(date +%s.%N)
	if [ "$name" = btcd ]; then
		"$bin/btcd" --regtest --notls --nolisten --connect="127.0.0.1:$btcd_p2p" --rpcuser=bench --rpcpass=bench \
			--rpclisten="127.0.0.1:$rpc" --nocfilters --datadir="$dir" --logdir="$dir/logs" >"$res/$name.log" 2>&1 &
	else
		local args=()
		for p in "$@"; do args+=("-connect=127.0.0.1:$p"); done
		"$bin/twinchaind" -regtest -datadir="$dir" -listen=0 "${args[@]}" -rpcport="$rpc" -rpcuser=bench \
			-rpcpassword=bench -eth=0 -disablewallet -printtoconsole=0 >"$res/$name.log" 2>&1 &
	fi
	pid=$!
	pids+=("$pid")
	local n=0
	until [ "$(gb tip -url "http://127.0.0.1:$rpc/" 2>/dev/null || true)" = "$want" ]; do
		sleep 0.05
		n=$((n + 1))
		if [ "$n" -gt 12000 ] || ! kill -0 "$pid" 2>/dev/null; then
			echo "$name did not sync (see $res/$name.log)" >&2
			exit 1
		fi
	done
	e=$(date +%s.%N)
	cpu=$(cpu_of "$pid")
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	awk -v s="$s" -v e="$e" -v c="$cpu" 'BEGIN{printf "%.2f %s\n", e-s, c}' >>"$res/$name.txt"
	echo "  $name: $(tail -1 "$res/$name.txt")" >&2
	rm -rf "$dir"
}

for i in $(seq "$rounds"); do
	echo "round $i/$rounds" >&2
	if [ $((i % 2)) = 1 ]; then
		sync_one ours1 "${ports[0]}"
		sync_one ours4 "${ports[@]}"
		sync_one btcd
	else
		sync_one btcd
		sync_one ours4 "${ports[@]}"
		sync_one ours1 "${ports[0]}"
	fi
done

median() { sort -g | awk '{a[NR]=$1} END{if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
med() { awk -v c="$2" '{print $c}' "$res/$1.txt" | median; }
row() { # NAME LABEL
	local w c
	w=$(med "$1" 1); c=$(med "$1" 2)
	awk -v l="$2" -v w="$w" -v c="$c" -v b="$blocks" -v t="$txs" -v ni="$inputs" -v r="$(awk '{printf "%s ", $1}' "$res/$1.txt")" \
		'BEGIN{printf "| %s | %s| %.2f | %.1f | %.0f | %.0f | %.2f |\n", l, r, w, b/w, t/w, ni/w, c}'
}
ratio() { # OURS REF
	awk -v a="$(med "$2" 1)" -v b="$(med "$1" 1)" 'BEGIN{printf "%.2f", a/b}'
}

echo "# Sync of the generated chain over loopback P2P: $blocks blocks, $txs transactions (coinbases not counted), $inputs inputs, $bytes bytes"
echo "# $(go version), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $rounds interleaved rounds (medians; all nodes on this machine)"
echo
echo "| syncing node | wall s per round | wall s (median) | blocks/s | tx/s | inputs/s | CPU s of the syncing process |"
echo "|---|---|---:|---:|---:|---:|---:|"
row ours1 "twinchaind from 1 twinchaind"
row ours4 "twinchaind from 4 twinchaind"
row btcd "btcd v0.26.2 from 1 btcd"
echo
echo "Throughput ratio twinchaind / btcd (wall time): $(ratio ours1 btcd)x from 1 peer, $(ratio ours4 btcd)x from 4 peers."
echo
echo "Commands (fresh data directory each round):"
echo
echo '```'
echo "twinchain-tool btc importblocks -chain=regtest -datadir=SRC/btc/regtest $chain   # then copied to 4 serving nodes"
echo "twinchaind -regtest -datadir=SRCi -port=Pi -listen=1 -connect=0 -eth=0 -disablewallet ...   # i = 1..4"
echo "twinchaind -regtest -datadir=FRESH -listen=0 -connect=127.0.0.1:P1 [-connect=127.0.0.1:P2 ... P4] -eth=0 -disablewallet ..."
echo "btcd --regtest --listen=127.0.0.1:B --nocfilters ...   # then getblock submit $chain (submitblock)"
echo "btcd --regtest --nolisten --connect=127.0.0.1:B --nocfilters --datadir=FRESH ..."
echo '```'
