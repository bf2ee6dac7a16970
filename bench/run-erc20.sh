#!/usr/bin/env bash
# Issue 7's benchmark: sustained ERC-20 transfers per second through
# eth_sendRawTransaction with automine, twinchaind's account chain side by
# side with Hardhat 2's node (e2e/eth/js's hardhat, `hardhat node`) in the
# same run. Each round starts a fresh node of each kind (alternating which
# goes first), runs bench/erc20/load.js against it (deploy Token.sol, fund
# the senders, pre-sign COUNT transfers to distinct recipients, send them
# with SENDERS concurrent senders over a keep-alive raw JSON-RPC client, then
# check every receipt and balance) and stops the node. The load generator
# shares the machine's cores with the node.
#
# usage: bench/run-erc20.sh [ROUNDS]   (default 3; prints a markdown table)
# env: COUNT_OURS (default 4000), COUNT_HH (default 4000), SENDERS (default 8),
#      BATCH (default 1: one eth_sendRawTransaction per HTTP request; B > 1:
#      each sender's request is a JSON-RPC batch of its next B transactions),
#      MODE (default raw: pre-signed eth_sendRawTransaction; ethers: each
#      sender calls transfer() through ethers v6's Contract and waits)
#
# twinchaind group-commits concurrent transactions (the ones that arrive
# while a block is built share the next block; a sequential client still
# gets one block per transaction), so its "txs/block" column is above 1;
# Hardhat mines exactly one block per transaction. The load averages of the
# machine at the start and the end of the run are printed under the table.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
rounds=${1:-3}
count_ours=${COUNT_OURS:-4000}
count_hh=${COUNT_HH:-4000}
senders=${SENDERS:-8}
batch=${BATCH:-1}
mode=${MODE:-raw}
out=bench/out/erc20
js=e2e/eth/js

fail() {
	echo "FAIL: $*" >&2
	exit 1
}
[ -d "$js/node_modules/hardhat" ] || fail "$js/node_modules is missing (npm ci in $js)"
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.log
go build -o "$out/twinchaind" ./cmd/twinchaind
hhversion=$(cd "$js" && node node_modules/hardhat/internal/cli/bootstrap.js --version)

node_pid=
tmp=
cleanup() {
	if [ -n "$node_pid" ]; then
		kill "$node_pid" 2>/dev/null || true
		wait "$node_pid" 2>/dev/null || true
	fi
	[ -n "$tmp" ] && rm -rf "$tmp"
	node_pid= tmp=
}
trap cleanup EXIT

# free_ports N: N distinct free TCP ports on 127.0.0.1 (all held open
# together while they are chosen, so none is handed out twice).
free_ports() {
	node -e 'const net = require("net"); const n = Number(process.argv[1]); const ss = [];
		const next = () => { if (ss.length === n) { console.log(ss.map((s) => s.address().port).join(" ")); ss.forEach((s) => s.close()); return; }
			const s = net.createServer().listen(0, "127.0.0.1", () => { ss.push(s); next(); }); };
		next();' "$1"
}

# wait_rpc URL: until eth_chainId answers (up to 30 s).
wait_rpc() {
	for _ in $(seq 150); do
		if curl -s -m 1 -H 'Content-Type: application/json' \
			-d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$1" | grep -q result; then
			return 0
		fi
		kill -0 "$node_pid" 2>/dev/null || return 1
		sleep 0.2
	done
	return 1
}

# run SIDE ROUND: a fresh node, one load run, stop the node.
run() {
	local side=$1 r=$2 port count
	tmp=$(mktemp -d)
	# The node runs as the dev defaults do (explorer, address index and
	# metrics on), on ports of its own.
	local rpcport p2pport ethp2pport explorerport metricsport
	read -r port rpcport p2pport ethp2pport explorerport metricsport <<<"$(free_ports 6)"
	if [ "$side" = ours ]; then
		count=$count_ours
		"$out/twinchaind" -regtest -datadir="$tmp" -rpcport="$rpcport" -port="$p2pport" -ethport="$ethp2pport" \
			-ethrpcport="$port" -explorer="127.0.0.1:$explorerport" -metrics="127.0.0.1:$metricsport" -disablewallet >"$out/node-$side-$r.log" 2>&1 &
		node_pid=$!
	else
		count=$count_hh
		(cd "$js" && exec node node_modules/hardhat/internal/cli/bootstrap.js node --port "$port") \
			>"$out/node-$side-$r.log" 2>&1 &
		node_pid=$!
	fi
	wait_rpc "http://127.0.0.1:$port" || fail "$side node did not start: $(tail -5 "$out/node-$side-$r.log")"
	node bench/erc20/load.js --url "http://127.0.0.1:$port" --count "$count" --senders "$senders" \
		--batch "$batch" --mode "$mode" --pid "$node_pid" --label "$side-$r" >"$out/$side-$r.json" 2>"$out/load-$side-$r.log" ||
		fail "$side round $r: $(tail -5 "$out/load-$side-$r.log")"
	cleanup
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq "$rounds"); do
	echo "round $r/$rounds" >&2
	if [ $((r % 2)) = 1 ]; then order=(hardhat ours); else order=(ours hardhat); fi
	for side in "${order[@]}"; do run "$side" "$r"; done
done

# The table: per round and medians, tx/s sent and mined; ratio of mined tx/s.
load1=$(cut -d' ' -f1-3 /proc/loadavg)
node - "$out" "$rounds" "$hhversion" "$senders" "$batch" "$mode" "$load0" "$load1" <<'EOF'
const fs = require("fs");
const [dir, rounds, hh, senders, batch, mode, load0, load1] = process.argv.slice(2);
const get = (side, r) => JSON.parse(fs.readFileSync(`${dir}/${side}-${r}.json`, "utf8"));
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const f = (x) => x.toFixed(1);
const rows = [];
const o = [], h = [], os = [], hs = [], ra = [], oc = [], hc = [];
const us = (x) => (x * 1e6).toFixed(0);
for (let r = 1; r <= Number(rounds); r++) {
  const a = get("ours", r), b = get("hardhat", r);
  o.push(a.minedTps); os.push(a.sentTps); h.push(b.minedTps); hs.push(b.sentTps); ra.push(a.minedTps / b.minedTps);
  // CPU per transaction in the timed phase: node, load generator.
  oc.push(a.nodeCPUSeconds / a.count); hc.push(b.nodeCPUSeconds / b.count);
  const cpu = (x) => `${us(x.nodeCPUSeconds / x.count)} / ${us(x.clientCPUSeconds / x.count)}`;
  rows.push(`| ${r} | ${a.count} | ${(a.count / a.blocks).toFixed(2)} | ${f(a.sentTps)} | ${f(a.minedTps)} | ${cpu(a)} | ${b.count} | ${(b.count / b.blocks).toFixed(2)} | ${f(b.sentTps)} | ${f(b.minedTps)} | ${cpu(b)} | ${ra[ra.length - 1].toFixed(2)}x |`);
}
const shape = mode === "ethers" ? "ethers v6 Contract.transfer() then wait(), one at a time per sender"
  : batch === "1" ? "one call per HTTP request" : `JSON-RPC batches of ${batch} calls`;
console.log(`ERC-20 transfers via eth_sendRawTransaction, automine, ${senders} concurrent senders, ${shape} (Hardhat ${hh})\n`);
console.log("CPU columns: µs of CPU per transaction in the timed phase, node / load generator.\n");
console.log("| round | ours txs | ours txs/block | ours sent tx/s | ours mined tx/s | ours CPU µs/tx | Hardhat txs | Hardhat txs/block | Hardhat sent tx/s | Hardhat mined tx/s | Hardhat CPU µs/tx | ours / Hardhat |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const l of rows) console.log(l);
console.log(`| median | | | ${f(med(os))} | ${f(med(o))} | ${us(med(oc))} | | | ${f(med(hs))} | ${f(med(h))} | ${us(med(hc))} | ${med(ra).toFixed(2)}x |`);
console.log(`\nload average (1, 5, 15 min): ${load0} at the start, ${load1} at the end`);
EOF
