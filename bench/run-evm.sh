#!/usr/bin/env bash
# Benchmarks twinchain's EVM against geth's evm v1.17.10 in the same run:
#   - revm's inputs (snailtracer, the ERC-20 "analysis" contract, burntpix)
#     with `evm run --bench`, both sides on the same Cancun genesis;
#   - evmone's suite (ipsilon/evm-benchmarks, London state tests) with
#     `evm statetest --bench FILE`, per subtest;
#   - the wall time of the whole shared GeneralStateTests set, paths fed on
#     standard input (`... | evm statetest`), ours with its default workers
#     and with --workers 1 (geth runs on one goroutine).
# geth's evm is installed into bench/out/bin with `go install` (it is never a
# dependency of our module). Rounds interleave the two tools (alternating which
# goes first), so load on the shared machine hits both. Every input must use
# the same gas on both sides (and give the same output, state roots and
# pass/fail results); the script stops with FAIL otherwise.
#
# usage: bench/run-evm.sh [ROUNDS]   (default 3; prints a markdown table)
# TWINCHAIN_TESTDATA overrides the test data folder (default ../shared/testdata).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
rounds=${1:-3}
out=bench/out/evm
td=${TWINCHAIN_TESTDATA:-../shared/testdata}
revm=$td/evm-bench/revm-bench
ipsilon=$td/evm-bench/ipsilon-evm-benchmarks/benchmarks
gst=$td/ethereum-tests/GeneralStateTests

fail() {
	echo "FAIL: $*" >&2
	exit 1
}
for d in "$revm" "$ipsilon" "$gst"; do
	[ -d "$d" ] || fail "test data folder $d is missing (set TWINCHAIN_TESTDATA)"
done
rm -rf "$out" && mkdir -p "$out"

GOBIN=$PWD/bench/out/bin go install github.com/ethereum/go-ethereum/cmd/evm@v1.17.10
geth=$PWD/bench/out/bin/evm
"$geth" --version | grep -q ' 1\.17\.10-' || fail "$geth is not geth evm 1.17.10: $("$geth" --version)"
go build -o "$out/twinchain-tool" ./cmd/twinchain-tool
ours=$PWD/$out/twinchain-tool

# The Cancun genesis of the revm inputs (geth requires gasLimit and
# difficulty; a genesis gasLimit replaces --gas in both tools). revm runs
# snailtracer with a 1e9 gas limit. burntpix brings its own Cancun prestate.
cat >"$out/cancun-genesis.json" <<'EOF'
{
  "config": {
    "chainId": 1, "homesteadBlock": 0, "eip150Block": 0, "eip155Block": 0, "eip158Block": 0,
    "byzantiumBlock": 0, "constantinopleBlock": 0, "petersburgBlock": 0, "istanbulBlock": 0,
    "berlinBlock": 0, "londonBlock": 0, "mergeNetsplitBlock": 0, "terminalTotalDifficulty": 0,
    "shanghaiTime": 0, "cancunTime": 0,
    "blobSchedule": {"cancun": {"target": 3, "max": 6, "baseFeeUpdateFraction": 3338477}}
  },
  "alloc": {},
  "gasLimit": "0x3b9aca00",
  "difficulty": "0x0"
}
EOF
burntpix_input=0xa4de9ab4$(printf '%064x%064x' 0 20000)
revm_names=(snailtracer analysis burntpix)
revm_args() { # name -> the `evm run` arguments, the same for both tools
	case $1 in
	snailtracer) echo "--prestate $out/cancun-genesis.json --codefile $revm/snailtracer.hex --input 30627b7c" ;;
	analysis) echo "--prestate $out/cancun-genesis.json --codefile $revm/analysis.hex --input 8035F0CE" ;;
	burntpix) echo "--prestate $revm/burntpix/prestate.geth-genesis.json --receiver 0x49206861766520746f6f206d7563682074696d65 --input $burntpix_input" ;;
	esac
}
ipsilon_files=$(cd "$ipsilon" && ls main/*.json micro/*.json)
find "$gst" -name '*.json' | sort >"$out/gst-files.txt"
gst_count=$(wc -l <"$out/gst-files.txt")
workers=$(nproc)

# Results: one line per measurement, "bench<TAB>side<TAB>round<TAB>ns<TAB>gas".
results=$out/results.tsv
: >"$results"

# Go's time.Duration text ("1m2.5s", "165.7ms", "58.5µs", "950ns") to ns.
dur_awk='
function dur(s,   total, num, u) {
	total = 0
	while (s != "") {
		if (!match(s, /^[0-9.]+/)) return -1
		num = substr(s, 1, RLENGTH) + 0; s = substr(s, RLENGTH + 1)
		if (substr(s, 1, 2) == "ns") { total += num; s = substr(s, 3) }
		else if (substr(s, 1, 2) == "us") { total += num * 1e3; s = substr(s, 3) }
		else if (substr(s, 1, 3) == "\302\265s") { total += num * 1e3; s = substr(s, 4) }
		else if (substr(s, 1, 2) == "ms") { total += num * 1e6; s = substr(s, 3) }
		else if (substr(s, 1, 1) == "s") { total += num * 1e9; s = substr(s, 2) }
		else if (substr(s, 1, 1) == "m") { total += num * 60e9; s = substr(s, 2) }
		else if (substr(s, 1, 1) == "h") { total += num * 3600e9; s = substr(s, 2) }
		else return -1
	}
	return total
}'

# run_revm NAME SIDE ROUND: one `evm run --bench`; records time and gas and
# keeps the output for the cross-check.
run_revm() {
	local name=$1 side=$2 r=$3 base=$out/revm-$1-$2-$3
	# shellcheck disable=SC2046 # the arguments are split on purpose
	if [ "$side" = geth ]; then
		"$geth" run --bench $(revm_args "$name") >"$base.out" 2>"$base.err"
	else
		"$ours" evm run --bench $(revm_args "$name") >"$base.out" 2>"$base.err"
	fi || fail "$side evm run $name: $(cat "$base.err")"
	awk -v b="$name" -v s="$side" -v r="$r" "$dur_awk"'
		/^EVM gas used:/ { gas = $4 }
		/^execution time:/ { ns = dur($3) }
		END {
			if (gas == "" || ns == "" || ns < 0) exit 1
			printf "%s\t%s\t%s\t%.0f\t%s\n", b, s, r, ns, gas
		}' "$base.err" >>"$results" || fail "$side evm run $name: no gas or time in: $(cat "$base.err")"
}

# Subtest records of state test output (geth's indented JSON array or our
# JSON lines): "name fork pass stateRoot time gasUsed", tab-separated, "-"
# when absent.
cat >"$out/records.awk" <<'EOF'
BEGIN { OFS = "\t" }
{
	line = $0
	while (match(line, /"(name|pass|stateRoot|fork|time|gasUsed)": ?("[^"]*"|[0-9a-z]+)/)) {
		tok = substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH)
		k = tok; sub(/^"/, "", k); sub(/".*/, "", k)
		v = tok; sub(/^"[^"]*": ?/, "", v); gsub(/"/, "", v)
		if (k == "name") {
			if (name != "") flush()
			name = v; pass = "-"; root = "-"; fork = "-"; t = "-"; gas = "-"
		} else if (k == "pass") pass = v
		else if (k == "stateRoot") root = v
		else if (k == "fork") fork = v
		else if (k == "time") t = v
		else if (k == "gasUsed") gas = v
	}
}
function flush() { print name, fork, pass, root, t, gas; name = "" }
END { if (name != "") flush() }
EOF

# run_ipsilon FILE SIDE ROUND: `evm statetest --bench FILE`; one record per
# subtest, named ipsilon/NAME (#k for the k-th subtest of a NAME).
run_ipsilon() {
	local f=$1 side=$2 r=$3 base
	base=$out/ipsilon-$(echo "$1" | tr / -)-$2-$3
	if [ "$side" = geth ]; then
		"$geth" statetest --bench "$ipsilon/$f" >"$base.out" 2>"$base.err"
	else
		"$ours" evm statetest --bench "$ipsilon/$f" >"$base.out" 2>"$base.err"
	fi || fail "$side statetest --bench $f: $(tail -5 "$base.err")"
	awk -f "$out/records.awk" "$base.out" >"$base.rec"
	[ -s "$base.rec" ] || fail "$side statetest --bench $f: no results"
	awk -F'\t' -v s="$side" -v r="$r" -v f="$f" '
		$3 != "true" || $5 == "-" || $6 == "-" { print "FAIL: " s " " f ": subtest " $1 " did not pass or has no benchStats" > "/dev/stderr"; bad = 1; next }
		{ k[$1 "\t" $2]++; printf "ipsilon/%s#%d\t%s\t%s\t%s\t%s\n", $1, k[$1 "\t" $2] - 1, s, r, $5, $6 }
		END { exit bad }' "$base.rec" >>"$results" || exit 1
	cut -f1-4 "$base.rec" | sort >"$base.roots"
}

# run_gst SIDE ROUND: the whole GeneralStateTests set, paths on stdin.
run_gst() {
	local side=$1 r=$2 base=$out/gst-$1-$2 t0 t1 rc=0
	t0=$(date +%s%N)
	case $side in
	geth) "$geth" statetest <"$out/gst-files.txt" >"$base.out" 2>/dev/null || rc=$? ;;
	ours) "$ours" evm statetest <"$out/gst-files.txt" >"$base.out" 2>"$base.err" || rc=$? ;;
	ours-w1) "$ours" evm statetest --workers 1 <"$out/gst-files.txt" >"$base.out" 2>"$base.err" || rc=$? ;;
	esac
	t1=$(date +%s%N)
	# Our runner exits 1 when a subtest fails (9 expected failures, shared
	# with geth); anything else is a broken run.
	[ "$rc" -le 1 ] || fail "$side statetest on GeneralStateTests exited $rc"
	awk -f "$out/records.awk" "$base.out" | cut -f1-4 | sort >"$base.rec"
	[ -s "$base.rec" ] || fail "$side statetest on GeneralStateTests: no results"
	local bench=gst
	[ "$side" = ours-w1 ] && bench=gst-w1
	printf '%s\t%s\t%s\t%s\t-\n' "$bench" "${side%-w1}" "$r" $((t1 - t0)) >>"$results"
}

for r in $(seq "$rounds"); do
	echo "round $r/$rounds" >&2
	if [ $((r % 2)) = 1 ]; then order=(geth ours); else order=(ours geth); fi
	for name in "${revm_names[@]}"; do
		for side in "${order[@]}"; do run_revm "$name" "$side" "$r"; done
	done
	for f in $ipsilon_files; do
		for side in "${order[@]}"; do run_ipsilon "$f" "$side" "$r"; done
	done
	if [ $((r % 2)) = 1 ]; then gorder=(geth ours ours-w1); else gorder=(ours-w1 ours geth); fi
	for side in "${gorder[@]}"; do run_gst "$side" "$r"; done
done

# Cross-checks: the same gas on both sides for every input and round, the
# same output for the revm inputs, the same subtests, roots and pass/fail
# for the state tests.
awk -F'\t' '$5 != "-" { key = $1 "\t" $3; if (key in g && g[key] != $5) { print "FAIL: gas used differs for " $1 " (round " $3 "): " g[key] " vs " $5 > "/dev/stderr"; bad = 1 } g[key] = $5 }
	END { exit bad }' "$results" || exit 1
declare -A revm_gas=([snailtracer]=165962868 [analysis]=12685 [burntpix]=159052023) # geth 1.17.10, Cancun
for name in "${revm_names[@]}"; do
	n=$(awk -F'\t' -v b="$name" -v want="${revm_gas[$name]}" '$1 == b { if ($5 != want) { print "FAIL: " b " used " $5 " gas, geth 1.17.10 uses " want " under Cancun" > "/dev/stderr"; exit 1 } n++ } END { print n + 0 }' "$results") || exit 1
	[ "$n" = $((2 * rounds)) ] || fail "$name: $n measurements, $((2 * rounds)) expected"
	for r in $(seq "$rounds"); do
		cmp -s "$out/revm-$name-geth-$r.out" "$out/revm-$name-ours-$r.out" ||
			fail "$name: the outputs differ (round $r): $(head -c 200 "$out/revm-$name-geth-$r.out") vs $(head -c 200 "$out/revm-$name-ours-$r.out")"
	done
done
for f in $ipsilon_files; do
	base=$out/ipsilon-$(echo "$f" | tr / -)
	for r in $(seq "$rounds"); do
		cmp -s "$base-geth-$r.roots" "$base-ours-$r.roots" ||
			fail "$f: subtests or state roots differ (round $r): $(diff "$base-geth-$r.roots" "$base-ours-$r.roots" | head -5)"
	done
done
n_ipsilon=$(awk -F'\t' '$1 ~ /^ipsilon\// && $2 == "geth" && $3 == 1' "$results" | wc -l)
[ "$n_ipsilon" -ge 27 ] || fail "only $n_ipsilon ipsilon subtests measured (27 expected)"
for side in ours ours-w1; do
	for r in $(seq "$rounds"); do
		cmp -s "$out/gst-geth-$r.rec" "$out/gst-$side-$r.rec" ||
			fail "GeneralStateTests: $side's results differ from geth's (round $r): $(diff "$out/gst-geth-$r.rec" "$out/gst-$side-$r.rec" | head -5)"
	done
done
gst_subtests=$(wc -l <"$out/gst-geth-1.rec")
gst_pass=$(awk -F'\t' '$3 == "true"' "$out/gst-geth-1.rec" | wc -l)

echo "# $(go version | cut -d' ' -f3-), $(nproc) cores, $(date -u +%Y-%m-%d), $rounds rounds, load average at the end:$(uptime | sed 's/.*load average://')"
echo
awk -F'\t' -v workers="$workers" -v files="$gst_count" -v subtests="$gst_subtests" -v pass="$gst_pass" '
	function human(ns) {
		if (ns >= 1e9) return sprintf("%.2f s", ns / 1e9)
		if (ns >= 1e6) return sprintf("%.2f ms", ns / 1e6)
		if (ns >= 1e3) return sprintf("%.1f µs", ns / 1e3)
		return sprintf("%.0f ns", ns)
	}
	function median(list,   a, n, i, j, t) {
		n = split(list, a, " ")
		for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{
		if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
		t[$1, $2] = t[$1, $2] " " $4
		if ($5 != "-") gas[$1] = $5
	}
	END {
		print "| benchmark | gas used | geth v1.17.10 (median) | twinchain (median) | geth / twinchain |"
		print "|---|---:|---:|---:|---:|"
		for (i = 1; i <= n; i++) {
			b = order[i]
			if (b == "gst-w1") continue
			label = b
			if (b == "gst") label = "GeneralStateTests wall time (" files " files, " subtests " subtests, " pass " pass on both), twinchain " workers " workers"
			else if (b !~ /^ipsilon\//) label = "revm " b " (evm run)"
			else if (b ~ /#0$/ && !((substr(b, 1, length(b) - 1) "1") in seen)) label = substr(b, 1, length(b) - 2)
			g = median(t[b, "geth"]); o = median(t[b, "ours"])
			printf "| %s | %s | %s | %s | **%.2fx** |\n", label, (b in gas) ? gas[b] : "—", human(g), human(o), g / o
			if (b == "gst") {
				o1 = median(t["gst-w1", "ours"])
				printf "| GeneralStateTests wall time, twinchain --workers 1 | — | %s | %s | **%.2fx** |\n", human(g), human(o1), g / o1
				lw1 = log(g / o1); ldef = log(g / o)
			} else { sum += log(g / o); k++ }
		}
		printf "\nGeometric mean of geth / twinchain over %d rows (the %d per-input rows and GeneralStateTests with --workers 1): **%.2fx**", k + 1, k, exp((sum + lw1) / (k + 1))
		printf " (with the default %d workers instead: %.2fx; per-input rows only: %.2fx).\n", workers, exp((sum + ldef) / (k + 1)), exp(sum / k)
	}' "$results"
