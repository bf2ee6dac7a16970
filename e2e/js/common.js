'use strict';
// Shared set-up of the e2e scenarios: where the node is (from the
// environment the Go test sets) and small assertion helpers.

const fs = require('fs');
const Client = require('bitcoin-core');

function connection() {
  const host = process.env.TWINCHAIN_RPC_HOST || '127.0.0.1';
  const port = process.env.TWINCHAIN_RPC_PORT || '18443';
  const cookiePath = process.env.TWINCHAIN_RPC_COOKIE;
  if (!cookiePath) throw new Error('TWINCHAIN_RPC_COOKIE is not set');
  const cookie = fs.readFileSync(cookiePath, 'utf8').trim();
  const sep = cookie.indexOf(':');
  return { host: `http://${host}:${port}`, username: cookie.slice(0, sep), password: cookie.slice(sep + 1) };
}

// client returns a bitcoin-core client, on /wallet/<wallet> when given.
function client(wallet) {
  const c = connection();
  return new Client({ ...c, wallet, timeout: 60000, logger: quietLogger() });
}

// quietLogger keeps the client's request logging out of the output.
function quietLogger() {
  const noop = () => {};
  const logger = { debug: noop, info: noop, warn: noop, error: noop, trace: noop, fatal: noop };
  logger.child = () => logger;
  return logger;
}

let checks = 0;
function check(cond, what, got) {
  checks++;
  if (!cond) {
    const detail = got === undefined ? '' : `: got ${JSON.stringify(got, (k, v) => (typeof v === 'bigint' ? v.toString() : v))}`;
    throw new Error(`check failed: ${what}${detail}`);
  }
  console.log(`ok ${checks} - ${what}`);
}

// step runs one RPC-backed step and names it in the error when it fails.
async function step(name, fn) {
  try {
    return await fn();
  } catch (err) {
    const code = err.code !== undefined ? ` (code ${err.code})` : '';
    throw new Error(`${name} failed${code}: ${err.message}`);
  }
}

// sats converts a BTC amount (number or string) to integer satoshis.
function sats(v) {
  const [w, f = ''] = String(v).split('.');
  const neg = w.startsWith('-');
  const n = BigInt(w.replace('-', '') || '0') * 100000000n + BigInt((f + '00000000').slice(0, 8));
  return neg ? -n : n;
}

function run(name, main) {
  main().then(
    () => console.log(`PASS ${name}: ${checks} checks`),
    (err) => {
      console.error(`FAIL ${name}: ${err.message}`);
      process.exit(1);
    },
  );
}

module.exports = { client, check, step, sats, run };
