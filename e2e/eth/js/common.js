// common.js: connection details and small helpers shared by the scenarios.
"use strict";

const assert = require("assert/strict");

// url is the account chain's JSON-RPC endpoint of the node under test.
const url = process.env.TWINCHAIN_ETH_URL || "http://127.0.0.1:8545";

// devKeys are the private keys of the first Hardhat/anvil dev accounts
// (mnemonic "test test test test test test test test test test test junk",
// path m/44'/60'/0'/0/i), funded and unlocked by twinchaind's dev network.
const devKeys = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
];

// step runs one named step and prints how long it took, so a failure in the
// Go test's output names the step.
async function step(name, fn) {
  const start = Date.now();
  try {
    const r = await fn();
    console.log(`ok   ${name} (${Date.now() - start} ms)`);
    return r;
  } catch (e) {
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
    throw e;
  }
}

// expectRevert awaits p, which must fail with a revert whose reason ethers
// surfaces as `reason` (in error.reason, or at least in error.shortMessage).
async function expectRevert(p, reason) {
  let err;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected a revert with reason "${reason}", but the call succeeded`);
  const seen = `code=${err.code} reason=${JSON.stringify(err.reason)} shortMessage=${JSON.stringify(err.shortMessage)}`;
  assert.equal(err.code, "CALL_EXCEPTION", `expected CALL_EXCEPTION; got ${seen}: ${err.message}`);
  assert.equal(err.reason, reason, `revert reason: ${seen}`);
  assert.ok(String(err.shortMessage).includes(reason), `shortMessage: ${seen}`);
  return err;
}

// withTimeout fails when p has not settled within ms.
function withTimeout(p, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

// untilEvent sends transactions with send() (which returns the transaction
// hash) until the event promise settles, up to tries times, waiting ms after
// each; a client installs its filter or subscription asynchronously, so the
// first transaction may come before it. Returns the event and the hashes.
async function untilEvent(event, send, tries = 5, ms = 3000) {
  const hashes = [];
  for (let i = 0; i < tries; i++) {
    hashes.push(await send());
    try {
      return { ev: await withTimeout(event, ms, "event"), hashes };
    } catch (e) {
      if (i === tries - 1) {
        throw new Error(`no event after ${tries} transactions (${hashes.join(", ")}): ${e.message}`);
      }
    }
  }
}

module.exports = { url, devKeys, step, expectRevert, withTimeout, untilEvent, assert };
