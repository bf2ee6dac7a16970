// load.js: sustained ERC-20 transfers through eth_sendRawTransaction (issue 7).
//
// Deploys e2e/eth/contracts/Token.sol with dev account 0, gives each sender
// (dev accounts 0..S-1) its share of tokens, pre-signs COUNT `transfer`
// transactions (explicit nonce, gas limit, EIP-1559 fees and chain id) to
// distinct fresh recipients, then sends them with eth_sendRawTransaction
// through a raw JSON-RPC HTTP client with keep-alive (not an ethers provider).
// Each sender keeps one request in flight, so its nonces arrive in order, and
// the S senders run concurrently (S requests in flight). With --batch B > 1
// the senders form S/B lanes of B, and a lane's request is a JSON-RPC batch
// holding the next transaction of each of its B senders (the batching
// ethers' JsonRpcProvider does by default for concurrent calls): S/B
// requests and S transactions in flight. Every call must answer with its
// transaction's hash. Senders beyond the node's funded dev accounts are
// given ether in the setup. Only the send phase
// is timed: "sent" ends when the last eth_sendRawTransaction has answered,
// "mined" when the last transaction of every sender has a receipt. Then
// every receipt must have status 1, every recipient the amount sent, and the
// senders' balances must add up to the supply.
//
// With --mode ethers nothing is pre-signed: each sender calls the token's
// transfer through ethers v6's Contract and a JsonRpcProvider (gas
// estimate, nonce, fee data, signing, eth_sendRawTransaction) and waits
// for the receipt (wait()) before its next one: what a script or a test
// suite does.
//
// usage: node bench/erc20/load.js --url URL [--count N] [--senders S] [--batch B] [--mode raw|ethers] [--label L] [--pid P]
// (--pid: the node's process id, to report its CPU seconds in the timed phase)
// prints one JSON line with the figures on stdout; progress on stderr.
"use strict";

const http = require("http");
const path = require("path");

const js = path.join(__dirname, "..", "..", "e2e", "eth", "js");
const { ethers } = require(path.join(js, "node_modules", "ethers"));
const { compile } = require(path.join(js, "compile.js"));

const mnemonic = "test test test test test test test test test test test junk";

function args() {
  const a = { url: "http://127.0.0.1:8545", count: 2000, senders: 8, batch: 1, mode: "raw", label: "", pid: 0 };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i += 2) {
    const k = v[i].replace(/^--/, "");
    if (!(k in a) || v[i + 1] === undefined) throw new Error(`unknown or incomplete flag ${v[i]}`);
    a[k] = typeof a[k] === "number" ? Number(v[i + 1]) : v[i + 1];
  }
  if (!(a.count > 0) || !(a.senders > 0) || a.senders > 1000) throw new Error("bad --count or --senders");
  if (!(a.batch >= 1 && a.batch <= a.senders)) throw new Error("bad --batch (1 to --senders)");
  if (a.mode !== "raw" && a.mode !== "ethers") throw new Error("bad --mode (raw or ethers)");
  if (a.mode === "ethers" && a.batch !== 1) throw new Error("--mode ethers sends one transaction at a time per sender");
  return a;
}

// Client is a minimal JSON-RPC 2.0 client over keep-alive HTTP.
class Client {
  constructor(url, sockets) {
    this.u = new URL(url);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
    this.id = 0;
  }
  call(method, params) {
    const body = JSON.stringify({ jsonrpc: "2.0", id: ++this.id, method, params });
    return this.post(method, body, true).then((m) => {
      if (m.error) throw new Error(`${method}: ${JSON.stringify(m.error)}`);
      return m.result;
    });
  }
  // batch sends calls ([method, params] pairs) as one JSON-RPC batch and
  // returns their results in order; any error fails it.
  async batch(calls) {
    const first = this.id + 1;
    const body = JSON.stringify(calls.map(([method, params]) => ({ jsonrpc: "2.0", id: ++this.id, method, params })));
    const m = await this.post(calls[0][0], body, true);
    if (!Array.isArray(m) || m.length !== calls.length) throw new Error(`batch: reply is not an array of ${calls.length}`);
    const out = new Array(calls.length);
    for (const r of m) {
      const i = r.id - first;
      if (!(i >= 0 && i < calls.length) || out[i] !== undefined) throw new Error(`batch: unexpected id ${r.id}`);
      if (r.error) throw new Error(`${calls[i][0]} (batch element ${i}): ${JSON.stringify(r.error)}`);
      out[i] = r.result;
    }
    return out;
  }
  // post sends one request; a keep-alive connection the server closed while
  // idle fails at once with ECONNRESET ("socket hang up") and the request is
  // sent again once on a new connection (Node's documented remedy).
  post(method, body, retry) {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          hostname: this.u.hostname,
          port: this.u.port,
          path: this.u.pathname,
          method: "POST",
          agent: this.agent,
          headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
        },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            let m;
            try {
              m = JSON.parse(Buffer.concat(chunks).toString("utf8"));
            } catch (e) {
              return reject(new Error(`${method}: HTTP ${res.statusCode}: bad JSON`));
            }
            resolve(m);
          });
          res.on("error", reject);
        },
      );
      req.on("error", (e) => {
        if (retry && req.reusedSocket && e.code === "ECONNRESET") resolve(this.post(method, body, false));
        else reject(e);
      });
      req.end(body);
    });
  }
  close() {
    this.agent.destroy();
  }
}

// procCPU is the user+system CPU seconds of process pid so far (Linux
// /proc/PID/stat, clock ticks of 1/100 s), or 0 without a pid.
function procCPU(pid) {
  if (!pid) return 0;
  const f = require("fs").readFileSync(`/proc/${pid}/stat`, "utf8");
  const v = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return (Number(v[11]) + Number(v[12])) / 100;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function receipt(c, hash, timeoutMs = 60000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await c.call("eth_getTransactionReceipt", [hash]);
    if (r) return r;
    if (Date.now() > end) throw new Error(`no receipt for ${hash} within ${timeoutMs} ms`);
    await sleep(5);
  }
}

// pool runs fn over items with at most n in flight.
async function pool(items, n, fn) {
  let next = 0;
  const out = new Array(items.length);
  async function worker() {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

async function main() {
  const a = args();
  const lanes = Math.ceil(a.senders / a.batch);
  const c = new Client(a.url, lanes + 2);
  const log = (s) => process.stderr.write(`[${a.label || a.url}] ${s}\n`);

  const chainId = BigInt(await c.call("eth_chainId", []));
  const wallets = [];
  const root = ethers.HDNodeWallet.fromPhrase(mnemonic, undefined, "m/44'/60'/0'/0");
  for (let i = 0; i < a.senders; i++) wallets.push(root.deriveChild(i));
  const token = compile(["Token.sol"]).Token;
  const iface = new ethers.Interface(token.abi);
  const latest = await c.call("eth_getBlockByNumber", ["latest", false]);
  const baseFee = BigInt(latest.baseFeePerGas || "0x0");
  const tip = 1_000_000_000n;
  const maxFee = 2n * baseFee + tip; // automined blocks are nearly empty, so the base fee only falls
  const fees = { type: 2, chainId, maxFeePerGas: maxFee, maxPriorityFeePerGas: tip };
  const nonces = [];
  for (const w of wallets) nonces.push(Number(await c.call("eth_getTransactionCount", [w.address, "pending"])));

  // Setup (untimed): deploy, then fund the other senders one by one.
  const supply = 10n ** 27n;
  const deployData = token.bytecode + iface.encodeDeploy(["Bench", "BEN", supply]).slice(2);
  const deployRaw = await wallets[0].signTransaction({ ...fees, nonce: nonces[0]++, gasLimit: 3_000_000, data: deployData });
  const deployRcpt = await receipt(c, await c.call("eth_sendRawTransaction", [deployRaw]));
  if (deployRcpt.status !== "0x1" || !deployRcpt.contractAddress) throw new Error("deploy failed");
  const tokenAddr = ethers.getAddress(deployRcpt.contractAddress);
  const share = supply / BigInt(a.senders + 1);
  for (let s = 1; s < a.senders; s++) {
    // Senders beyond the dev accounts the node funds get ether first.
    if (BigInt(await c.call("eth_getBalance", [wallets[s].address, "latest"])) < 10n ** 18n) {
      const raw = await wallets[0].signTransaction({ ...fees, nonce: nonces[0]++, gasLimit: 21_000, to: wallets[s].address, value: 10n ** 18n });
      const r = await receipt(c, await c.call("eth_sendRawTransaction", [raw]));
      if (r.status !== "0x1") throw new Error(`funding sender ${s} with ether failed`);
    }
    const raw = await wallets[0].signTransaction({
      ...fees,
      nonce: nonces[0]++,
      gasLimit: 100_000,
      to: tokenAddr,
      data: iface.encodeFunctionData("transfer", [wallets[s].address, share]),
    });
    const r = await receipt(c, await c.call("eth_sendRawTransaction", [raw]));
    if (r.status !== "0x1") throw new Error(`funding sender ${s} failed`);
  }
  log(`token ${tokenAddr}, chain ${chainId}, ${a.senders} senders funded`);

  // Pre-sign: transaction i goes from sender i % S to recipient i. In
  // ethers mode nothing is pre-signed: the timed phase does what a script
  // does with ethers' Contract (estimate, nonce, fees, sign, send, wait).
  const recipient = (i) => ethers.getAddress(ethers.zeroPadValue(ethers.toBeHex(0xbe0000000n + BigInt(i)), 20));
  const amount = (i) => 1000n + BigInt(i);
  const gasLimit = 80_000; // a transfer to a fresh recipient uses about 52k
  const perSender = wallets.map(() => []);
  const t0sign = Date.now();
  for (let i = 0; i < a.count; i++) {
    const s = i % a.senders;
    if (a.mode === "ethers") {
      perSender[s].push({ i });
      continue;
    }
    const raw = await wallets[s].signTransaction({
      ...fees,
      nonce: nonces[s]++,
      gasLimit,
      to: tokenAddr,
      data: iface.encodeFunctionData("transfer", [recipient(i), amount(i)]),
    });
    perSender[s].push({ i, raw, hash: ethers.keccak256(raw) });
  }
  if (a.mode === "raw") log(`signed ${a.count} transfers in ${Date.now() - t0sign} ms`);
  // ethers mode: one provider and a Contract per sender. The provider
  // neither batches (whose 10 ms stall would dominate) nor caches answers
  // for 250 ms (a cached pending nonce would be reused by the next
  // transfer).
  let provider;
  const contracts = [];
  if (a.mode === "ethers") {
    provider = new ethers.JsonRpcProvider(a.url, undefined, { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
    for (const w of wallets) contracts.push(new ethers.Contract(tokenAddr, token.abi, w.connect(provider)));
  }
  const block0 = Number(await c.call("eth_blockNumber", []));

  // Timed phase.
  const cpu0 = process.cpuUsage();
  const node0 = procCPU(a.pid);
  const t0 = process.hrtime.bigint();
  // Lane l sends for senders l*B .. l*B+B-1: with B = 1 one call per
  // request, otherwise a batch holding the next transaction of each of its
  // senders (one per sender: Hardhat answers a batch's calls concurrently
  // and refuses a nonce ahead of the account's while automining).
  const lane = async (l) => {
    if (a.mode === "ethers") {
      for (const tx of perSender[l]) {
        const sent = await contracts[l].transfer(recipient(tx.i), amount(tx.i));
        tx.hash = sent.hash;
        const r = await sent.wait();
        if (r.status !== 1) throw new Error(`tx ${tx.i}: status ${r.status}`);
      }
      return;
    }
    const own = perSender.slice(l * a.batch, (l + 1) * a.batch);
    const rounds = Math.max(...own.map((t) => t.length));
    for (let k = 0; k < rounds; k++) {
      const part = own.filter((t) => k < t.length).map((t) => t[k]);
      const hs =
        a.batch === 1
          ? [await c.call("eth_sendRawTransaction", [part[0].raw])]
          : await c.batch(part.map((tx) => ["eth_sendRawTransaction", [tx.raw]]));
      part.forEach((tx, j) => {
        if (hs[j] !== tx.hash) throw new Error(`tx ${tx.i}: node returned hash ${hs[j]}, want ${tx.hash}`);
      });
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, l) => lane(l)));
  const t1 = process.hrtime.bigint();
  await Promise.all(perSender.filter((t) => t.length > 0).map((txs) => receipt(c, txs[txs.length - 1].hash)));
  const t2 = process.hrtime.bigint();
  const cpu1 = process.cpuUsage(cpu0);
  const node1 = procCPU(a.pid);
  const block1 = Number(await c.call("eth_blockNumber", []));
  log(`mined ${a.count} transfers in ${block1 - block0} blocks; checking`);

  // Checks (untimed).
  const all = perSender.flat();
  let gasUsed = 0n;
  await pool(all, 8, async (tx) => {
    const r = await receipt(c, tx.hash, 10000);
    if (r.status !== "0x1") throw new Error(`tx ${tx.i} (${tx.hash}) has status ${r.status}`);
    gasUsed += BigInt(r.gasUsed);
  });
  const balanceOf = async (addr) =>
    BigInt(await c.call("eth_call", [{ to: tokenAddr, data: iface.encodeFunctionData("balanceOf", [addr]) }, "latest"]));
  let sent = 0n;
  await pool(all, 8, async (tx) => {
    const b = await balanceOf(recipient(tx.i));
    if (b !== amount(tx.i)) throw new Error(`recipient ${tx.i} holds ${b}, want ${amount(tx.i)}`);
  });
  for (const tx of all) sent += amount(tx.i);
  let held = 0n;
  for (let s = 0; s < a.senders; s++) {
    const b = await balanceOf(wallets[s].address);
    let want = s === 0 ? supply - share * BigInt(a.senders - 1) : share;
    for (const tx of perSender[s]) want -= amount(tx.i);
    if (b !== want) throw new Error(`sender ${s} holds ${b}, want ${want}`);
    held += b;
  }
  if (held + sent !== supply) throw new Error("balances do not add up to the supply");
  c.close();
  if (provider) provider.destroy();

  const sentS = Number(t1 - t0) / 1e9;
  const minedS = Number(t2 - t0) / 1e9;
  const res = {
    label: a.label,
    chainId: Number(chainId),
    count: a.count,
    senders: a.senders,
    batch: a.batch,
    mode: a.mode,
    sentSeconds: +sentS.toFixed(4),
    minedSeconds: +minedS.toFixed(4),
    sentTps: +(a.count / sentS).toFixed(1),
    minedTps: +(a.count / minedS).toFixed(1),
    blocks: block1 - block0,
    avgGas: Number(gasUsed / BigInt(a.count)),
    clientCPUSeconds: +((cpu1.user + cpu1.system) / 1e6).toFixed(3),
  };
  if (a.pid) res.nodeCPUSeconds = +(node1 - node0).toFixed(3);
  log(`ok: ${JSON.stringify(res)}`);
  console.log(JSON.stringify(res));
}

main().catch((e) => {
  process.stderr.write(`FAIL: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
