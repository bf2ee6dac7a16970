#!/usr/bin/env bash
# Import benchmark, twinchain against btcd v0.26.2 in the same run: the
# generated acceptance chain of issue 3 (chaingen.DefaultConfig: 1,000 regtest
# blocks, 100,800 signed transactions of five output types, ~170,000 inputs)
# is written once as a blk file, then imported into a fresh data directory,
# rounds interleaved (the order alternates), by
#   - twinchain-tool btc importblocks -chain=regtest -dbcache=450 (full
#     validation, Core's layout), and, when libsecp256k1-dev is installed,
#     the same tool built with -tags libsecp256k1;
#   - btcd v0.26.2 with FULL validation (bench/btcd/cmd/btcdimport:
#     ProcessBlock(BFNone) per block, btcd's default signature cache, a
#     450 MiB UTXO cache). btcd's own addblock uses BFFastAdd, which skips
#     the input and script checks, so it is not used.
# Both must end on the generated chain's tip. Prints a markdown table of the
# medians (wall time from process start to exit, final flush included; peak
# RSS; the process's CPU use and the whole machine's, to tell a process that
# waits from one that is starved by others) and the throughput ratio.
#
# usage: bench/run-import.sh [ROUNDS]   (default 3)
#        bench/run-import.sh -report     (the table of the last run again)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/import
report_only=0
if [ "${1:-}" = "-report" ]; then
	report_only=1
	rounds=$(wc -l <"$out/twinchain.txt")
else
	rounds=${1:-3}
fi
if [ "$report_only" = 0 ]; then
rm -rf "$out" && mkdir -p "$out/bin"

go build -o "$out/bin/twinchain-tool" ./cmd/twinchain-tool
cgo=0
if CGO_ENABLED=1 go build -tags libsecp256k1 -o "$out/bin/twinchain-tool-cgo" ./cmd/twinchain-tool 2>/dev/null; then
	cgo=1
fi
(cd bench/btcd && go build -o "../../$out/bin/genchain" ./cmd/genchain && go build -o "../../$out/bin/btcdimport" ./cmd/btcdimport)

echo "generating the chain" >&2
"$out/bin/genchain" -out "$out/chain.blk" >"$out/chain.txt"
# blocks= txs= inputs= bytes= tip= height=
eval "$(tr ' ' '\n' <"$out/chain.txt" | grep -E '^(blocks|txs|inputs|bytes|tip|height)=')"

have_time=0
[ -x /usr/bin/time ] && /usr/bin/time -f '%e' true 2>/dev/null && have_time=1

# busy_ticks prints the machine's busy and total CPU ticks from /proc/stat.
busy_ticks() { awk '/^cpu /{t=0; for(i=2;i<=NF;i++) t+=$i; print t-$5-$6, t}' /proc/stat; }

# measure NAME CMD...: runs CMD, appends "wall_s peak_kib cpu_pct machine_pct
# cpu_s"
# to $out/NAME.txt and keeps its stdout in $out/NAME.last.
measure() {
	local name=$1; shift
	local b0 t0 b1 t1 wall rss cpu user sys cpus
	read -r b0 t0 < <(busy_ticks)
	if [ "$have_time" = 1 ]; then
		if ! /usr/bin/time -f '%e %M %P %U %S' -o "$out/$name.time" "$@" >"$out/$name.last" 2>"$out/$name.err"; then
			echo "$name failed:" >&2; cat "$out/$name.err" "$out/$name.last" >&2; exit 1
		fi
		read -r wall rss cpu user sys <"$out/$name.time"
		cpu=${cpu%\%}
		cpus=$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')
	else
		# No GNU time: poll VmHWM while the process runs.
		local s e pid v
		s=$(date +%s.%N)
		"$@" >"$out/$name.last" 2>"$out/$name.err" &
		pid=$!
		rss=0
		while kill -0 "$pid" 2>/dev/null; do
			v=$(awk '/^VmHWM:/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
			[ -n "$v" ] && [ "$v" -gt "$rss" ] && rss=$v
			sleep 0.05
		done
		if ! wait "$pid"; then
			echo "$name failed:" >&2; cat "$out/$name.err" "$out/$name.last" >&2; exit 1
		fi
		e=$(date +%s.%N)
		wall=$(awk -v s="$s" -v e="$e" 'BEGIN{printf "%.2f", e-s}')
		cpu=NaN
		cpus=NaN
	fi
	read -r b1 t1 < <(busy_ticks)
	local ncpu; ncpu=$(nproc)
	machine=$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v n="$ncpu" 'BEGIN{printf "%.0f", t ? 100*n*b/t : 0}')
	echo "$wall $rss $cpu $machine $cpus" >>"$out/$name.txt"
}

run_ours() { # NAME BINARY
	rm -rf "$out/datadir-$1"
	measure "$1" "$2" btc importblocks -chain=regtest -dbcache=450 -progress=0 -datadir="$out/datadir-$1" "$out/chain.blk"
	grep -q "^height=$height hash=$tip\$" "$out/$1.last" || { echo "$1 ended elsewhere: $(cat "$out/$1.last")" >&2; exit 1; }
}
run_btcd() {
	rm -rf "$out/datadir-btcd"
	measure btcd "$out/bin/btcdimport" -datadir="$out/datadir-btcd" -utxocache=450 "$out/chain.blk"
	grep -q "^height=$height hash=$tip " "$out/btcd.last" || { echo "btcd ended elsewhere: $(cat "$out/btcd.last")" >&2; exit 1; }
}
for i in $(seq "$rounds"); do
	echo "round $i/$rounds" >&2
	if [ $((i % 2)) = 1 ]; then
		run_ours twinchain "$out/bin/twinchain-tool"
		[ "$cgo" = 1 ] && run_ours twinchain-cgo "$out/bin/twinchain-tool-cgo"
		run_btcd
	else
		run_btcd
		[ "$cgo" = 1 ] && run_ours twinchain-cgo "$out/bin/twinchain-tool-cgo"
		run_ours twinchain "$out/bin/twinchain-tool"
	fi
	rm -rf "$out"/datadir-*
done
fi
cgo=0
[ -s "$out/twinchain-cgo.txt" ] && cgo=1
eval "$(tr ' ' '\n' <"$out/chain.txt" | grep -E '^(blocks|txs|inputs|bytes|tip|height)=')"

# median FILE COLUMN
median() { awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{a[NR]=$1} END{if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
row() { # NAME LABEL
	local w r c m u
	w=$(median "$out/$1.txt" 1); r=$(median "$out/$1.txt" 2); c=$(median "$out/$1.txt" 3); m=$(median "$out/$1.txt" 4); u=$(median "$out/$1.txt" 5)
	awk -v l="$2" -v w="$w" -v r="$r" -v c="$c" -v m="$m" -v u="$u" -v b="$blocks" -v t="$txs" -v ni="$inputs" \
		'BEGIN{printf "| %s | %.2f | %.1f | %.0f | %.0f | %.0f | %s | %s%% | %s%% |\n", l, w, b/w, t/w, ni/w, r/1024, u, c, m}'
}
ratio() { # OURS REF COLUMN
	awk -v a="$(median "$out/$2.txt" "$3")" -v b="$(median "$out/$1.txt" "$3")" 'BEGIN{printf "%.2f", a/b}'
}

echo "# Import of the generated chain: $blocks blocks, $txs transactions (coinbases not counted), $inputs inputs, $bytes bytes"
echo "# $(go version), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), medians of $rounds interleaved rounds"
echo
echo "| importer | wall s | blocks/s | tx/s | inputs/s | peak RSS MiB | CPU s (user+sys) | process CPU | machine busy |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
row twinchain "twinchain (pure Go)"
[ "$cgo" = 1 ] && row twinchain-cgo "twinchain (-tags libsecp256k1)"
row btcd "btcd v0.26.2, full validation"
echo
echo "Throughput ratio twinchain / btcd (wall time): $(ratio twinchain btcd 1)x pure Go$([ "$cgo" = 1 ] && echo ", $(ratio twinchain-cgo btcd 1)x with libsecp256k1");"
echo "CPU time ratio btcd / twinchain: $(ratio twinchain btcd 5)x pure Go$([ "$cgo" = 1 ] && echo ", $(ratio twinchain-cgo btcd 5)x with libsecp256k1")."
echo "(machine busy: all processes' CPU use during the run, of $(($(nproc) * 100))%; a process CPU well below it means other processes took the cores.)"
echo
echo "Commands (fresh data directory each round):"
echo
echo '```'
echo "$out/bin/genchain -out $out/chain.blk   # bench/btcd/cmd/genchain"
echo "twinchain-tool btc importblocks -chain=regtest -dbcache=450 -progress=0 -datadir=DIR $out/chain.blk"
[ "$cgo" = 1 ] && echo "(same, built with CGO_ENABLED=1 go build -tags libsecp256k1 ./cmd/twinchain-tool)"
echo "btcdimport -datadir=DIR -utxocache=450 $out/chain.blk   # bench/btcd/cmd/btcdimport: btcd v0.26.2 ProcessBlock(BFNone)"
echo '```'
