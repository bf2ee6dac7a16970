// ethers_scenario.js: scenario A of issue 7. ethers v6 against twinchaind's
// account chain: deploy the project's ERC-20 (Token) and the seed's Ticket
// contract, transfers, balances, events (queryFilter, getLogs, contract.on),
// waitForTransaction, revert reasons, buying tickets until sold out.
//
// TWINCHAIN_ETH_URL=http://127.0.0.1:8545 node ethers_scenario.js
"use strict";

const { ethers } = require("ethers");
const { compile, solcVersion } = require("./compile");
const { url, devKeys, step, expectRevert, withTimeout, untilEvent, assert } = require("./common");

async function main() {
  console.log(`ethers ${ethers.version}, solc ${solcVersion}, node ${url}`);
  const built = await step("compile Token.sol and Ticket.sol with solc-js", () => compile());

  // cacheTimeout -1: ethers caches identical requests for 250 ms by default,
  // which with automine (a block per transaction) hands the Wallet a stale
  // pending nonce for back-to-back transactions.
  const provider = new ethers.JsonRpcProvider(url, undefined, { pollingInterval: 100, cacheTimeout: -1 });

  await step("eth_chainId is 1337", async () => {
    const net = await provider.getNetwork();
    assert.equal(net.chainId, 1337n);
  });

  // owner signs locally (eth_sendRawTransaction); alice and bob are
  // unlocked node accounts (eth_sendTransaction through JsonRpcSigner).
  const owner = new ethers.Wallet(devKeys[0], provider);
  const alice = await provider.getSigner(1);
  const bob = await provider.getSigner(2);
  const carol = new ethers.Wallet(devKeys[3], provider);

  await step("eth_accounts lists the dev accounts, funded", async () => {
    const accounts = await provider.listAccounts();
    assert.ok(accounts.length >= 4, `only ${accounts.length} accounts`);
    assert.equal(accounts[0].address, owner.address);
    assert.equal(accounts[3].address, carol.address);
    const bal = await provider.getBalance(owner.address);
    assert.ok(bal > ethers.parseEther("1000"), `owner has ${ethers.formatEther(bal)} ETH`);
  });

  // ---- ERC-20 ----
  const supply = ethers.parseUnits("1000000", 18);
  const token = await step("deploy Token (ContractFactory, waitForDeployment)", async () => {
    const f = new ethers.ContractFactory(built.Token.abi, built.Token.bytecode, owner);
    const c = await f.deploy("Twin Token", "TWIN", supply);
    await c.waitForDeployment();
    const rcpt = await c.deploymentTransaction().wait();
    assert.equal(rcpt.status, 1);
    assert.equal(rcpt.contractAddress, await c.getAddress());
    const code = await provider.getCode(await c.getAddress());
    assert.ok(code.length > 2, "no code at the token's address");
    return c;
  });
  const tokenAddr = await token.getAddress();
  const tokenBlock = (await token.deploymentTransaction().wait()).blockNumber;

  await step("ERC-20 views: name, symbol, decimals, totalSupply, balanceOf", async () => {
    assert.equal(await token.name(), "Twin Token");
    assert.equal(await token.symbol(), "TWIN");
    assert.equal(await token.decimals(), 18n);
    assert.equal(await token.totalSupply(), supply);
    assert.equal(await token.balanceOf(owner.address), supply);
  });

  const hundred = ethers.parseUnits("100", 18);
  await step("transfer 100 owner -> alice (raw tx), receipt and parsed Transfer log", async () => {
    const tx = await token.transfer(alice.address, hundred);
    const rcpt = await tx.wait();
    assert.equal(rcpt.status, 1);
    assert.equal(rcpt.logs.length, 1);
    const ev = token.interface.parseLog(rcpt.logs[0]);
    assert.equal(ev.name, "Transfer");
    assert.equal(ev.args.from, owner.address);
    assert.equal(ev.args.to, alice.address);
    assert.equal(ev.args.value, hundred);
    assert.equal(await token.balanceOf(alice.address), hundred);
    assert.equal(await token.balanceOf(owner.address), supply - hundred);
  });

  await step("transfer 30 alice -> bob (eth_sendTransaction), provider.waitForTransaction", async () => {
    const tx = await token.connect(alice).transfer(bob.address, ethers.parseUnits("30", 18));
    const rcpt = await provider.waitForTransaction(tx.hash, 1, 30000);
    assert.ok(rcpt, "no receipt");
    assert.equal(rcpt.status, 1);
    assert.equal(rcpt.from, alice.address);
    assert.equal(await token.balanceOf(alice.address), ethers.parseUnits("70", 18));
    assert.equal(await token.balanceOf(bob.address), ethers.parseUnits("30", 18));
    const got = await provider.getTransaction(tx.hash);
    assert.equal(got.blockNumber, rcpt.blockNumber);
  });

  await step("approve + transferFrom, allowance", async () => {
    await (await token.approve(alice.address, ethers.parseUnits("50", 18))).wait();
    assert.equal(await token.allowance(owner.address, alice.address), ethers.parseUnits("50", 18));
    await (await token.connect(alice).transferFrom(owner.address, carol.address, ethers.parseUnits("20", 18))).wait();
    assert.equal(await token.allowance(owner.address, alice.address), ethers.parseUnits("30", 18));
    assert.equal(await token.balanceOf(carol.address), ethers.parseUnits("20", 18));
  });

  await step("events: queryFilter (all Transfers, Transfers from owner) and getLogs", async () => {
    const all = await token.queryFilter(token.filters.Transfer(), 0, "latest");
    // mint, owner->alice, alice->bob, owner->carol (transferFrom)
    assert.equal(all.length, 4, `got ${all.length} Transfer events`);
    assert.equal(all[0].args.from, ethers.ZeroAddress);
    assert.equal(all[0].args.value, supply);
    const fromOwner = await token.queryFilter(token.filters.Transfer(owner.address), 0, "latest");
    assert.deepEqual(fromOwner.map((e) => e.args.to), [alice.address, carol.address]);
    const approvals = await token.queryFilter("Approval");
    assert.equal(approvals.length, 1);
    const logs = await provider.getLogs({
      address: tokenAddr,
      fromBlock: 0,
      toBlock: "latest",
      topics: [token.interface.getEvent("Transfer").topicHash, null, ethers.zeroPadValue(bob.address, 32)],
    });
    assert.equal(logs.length, 1, `getLogs to bob: ${logs.length} logs`);
    assert.equal(ethers.getAddress(ethers.dataSlice(logs[0].topics[1], 12)), alice.address);
  });

  await step("contract.on('Transfer') sees a new transfer (eth_newFilter polling)", async () => {
    const seen = new Promise((resolve) => {
      // With a topic filter ethers v6 hands the listener the event payload
      // (the last argument; the decoded values are in payload.args).
      token.on(token.filters.Transfer(owner.address, bob.address), (...args) => {
        const ev = args[args.length - 1];
        const [from, to, value] = ev.args;
        resolve({ from, to, value, ev });
      });
    });
    const { ev: got, hashes } = await untilEvent(seen, async () => {
      const tx = await token.transfer(bob.address, 7n);
      await tx.wait();
      return tx.hash;
    });
    assert.equal(got.to, bob.address);
    assert.equal(got.value, 7n);
    assert.ok(hashes.includes(got.ev.log.transactionHash), `event from ${got.ev.log.transactionHash}, sent ${hashes}`);
    await token.removeAllListeners();
  });

  await step("revert reasons: insufficient balance, insufficient allowance", async () => {
    const err = await expectRevert(token.connect(carol).transfer(owner.address, ethers.parseUnits("21", 18)), "insufficient balance");
    assert.ok(err.shortMessage.includes("insufficient balance"));
    await expectRevert(token.connect(bob).transfer.staticCall(owner.address, ethers.parseUnits("31", 18)), "insufficient balance");
    await expectRevert(token.connect(alice).transferFrom(owner.address, bob.address, ethers.parseUnits("31", 18)), "insufficient allowance");
    // Nothing moved.
    assert.equal(await token.balanceOf(carol.address), ethers.parseUnits("20", 18));
  });

  await step("a reverting transaction mined with a fixed gas limit: receipt status 0", async () => {
    const before = await provider.getTransactionCount(carol.address);
    const tx = await token.connect(carol).transfer(owner.address, ethers.parseUnits("999", 18), { gasLimit: 100000 });
    let err;
    try {
      await tx.wait();
    } catch (e) {
      err = e;
    }
    assert.ok(err, "wait() did not throw for a reverted transaction");
    assert.equal(err.code, "CALL_EXCEPTION");
    assert.equal(err.receipt.status, 0);
    assert.equal(await provider.getTransactionCount(carol.address), before + 1);
  });

  // ---- Ticket ----
  const price = ethers.parseEther("0.01");
  const cinema = ethers.Wallet.createRandom().address; // a fresh account: its balance is exactly what it is paid
  const ticket = await step("deploy Ticket (cinema, price 0.01 ETH, 3 tickets)", async () => {
    const f = new ethers.ContractFactory(built.Ticket.abi, built.Ticket.bytecode, owner);
    const c = await f.deploy(cinema, price, 3);
    await c.waitForDeployment();
    assert.equal(await c.cinema(), cinema);
    assert.equal(await c.price(), price);
    assert.equal(await c.ticketsLeft(), 3n);
    assert.equal(await provider.getBalance(cinema), 0n);
    return c;
  });

  await step("alice buys 2 tickets: buyer pays price*2 + gas, cinema paid, tickets left 1, TicketBought", async () => {
    const before = await provider.getBalance(alice.address);
    const tx = await ticket.connect(alice).buy(2, { value: price * 2n });
    const rcpt = await tx.wait();
    assert.equal(rcpt.status, 1);
    const after = await provider.getBalance(alice.address);
    const gas = rcpt.gasUsed * rcpt.gasPrice;
    assert.equal(before - after, price * 2n + gas, `alice paid ${before - after}, want ${price * 2n} + gas ${gas}`);
    assert.equal(await provider.getBalance(cinema), price * 2n);
    assert.equal(await ticket.ticketsLeft(), 1n);
    assert.equal(await ticket.ticketsOf(alice.address), 2n);
    const evs = rcpt.logs.map((l) => ticket.interface.parseLog(l)).filter((e) => e && e.name === "TicketBought");
    assert.equal(evs.length, 1);
    assert.equal(evs[0].args.buyer, alice.address);
    assert.equal(evs[0].args.count, 2n);
    assert.equal(evs[0].args.paid, price * 2n);
    assert.equal(evs[0].args.left, 1n);
  });

  await step("wrong payment and sold out revert with their reasons", async () => {
    await expectRevert(ticket.connect(bob).buy(1, { value: price - 1n }), "wrong payment");
    await expectRevert(ticket.connect(bob).buy(2, { value: price * 2n }), "sold out");
    assert.equal(await ticket.ticketsLeft(), 1n);
  });

  await step("bob buys the last ticket; then sold out; TicketBought through queryFilter", async () => {
    await (await ticket.connect(bob).buy(1, { value: price })).wait();
    assert.equal(await ticket.ticketsLeft(), 0n);
    assert.equal(await ticket.ticketsOf(bob.address), 1n);
    assert.equal(await provider.getBalance(cinema), price * 3n);
    await expectRevert(ticket.connect(carol).buy(1, { value: price }), "sold out");
    const bought = await ticket.queryFilter(ticket.filters.TicketBought());
    assert.deepEqual(bought.map((e) => [e.args.buyer, e.args.count]), [[alice.address, 2n], [bob.address, 1n]]);
  });

  await step("blocks: automine put each transaction in its own block", async () => {
    const head = await provider.getBlock("latest", true);
    assert.ok(head.number > 0);
    assert.equal(head.transactions.length, 1);
    const tx = head.prefetchedTransactions[0];
    assert.equal(tx.blockNumber, head.number);
  });

  await step("transaction types 0, 1 and 2; balances at a past block tag", async () => {
    const to = ethers.Wallet.createRandom().address;
    let last;
    for (const type of [0, 1, 2]) {
      const tx = await owner.sendTransaction({ to, value: 1000n, type });
      last = await tx.wait();
      assert.equal(last.status, 1);
      assert.equal(last.type, type, `receipt type of a type-${type} transaction`);
      const got = await provider.getTransaction(tx.hash);
      assert.equal(got.type, type);
      assert.equal(got.chainId, 1337n);
      assert.equal(got.from, owner.address);
    }
    assert.equal(await provider.getBalance(to), 3000n);
    assert.equal(await provider.getBalance(to, last.blockNumber - 1), 2000n);
    // eth_call at the block that deployed the token: alice had none yet.
    assert.equal(await token.balanceOf(alice.address, { blockTag: tokenBlock }), 0n);
    assert.equal(await token.balanceOf(owner.address, { blockTag: tokenBlock }), supply);
  });

  await step("rejections ethers classifies: INSUFFICIENT_FUNDS (send, estimateGas), NONCE_EXPIRED", async () => {
    const poor = ethers.Wallet.createRandom().connect(provider);
    await assert.rejects(poor.sendTransaction({ to: owner.address, value: 1n, gasLimit: 21000 }), (e) => {
      assert.equal(e.code, "INSUFFICIENT_FUNDS", `${e.code}: ${e.message}`);
      return true;
    });
    // eth_estimateGas of a transfer the sender cannot pay fails too (it
    // used to answer 21000).
    await assert.rejects(provider.estimateGas({ from: poor.address, to: owner.address, value: 1n }), (e) => {
      assert.equal(e.code, "INSUFFICIENT_FUNDS", `${e.code}: ${e.message}`);
      return true;
    });
    const nonce = await provider.getTransactionCount(owner.address);
    await assert.rejects(owner.sendTransaction({ to: poor.address, value: 1n, nonce: nonce - 1 }), (e) => {
      assert.equal(e.code, "NONCE_EXPIRED", `${e.code}: ${e.message}`);
      return true;
    });
  });

  await step("provider.on('pending') and on('block') see a new transaction and its block", async () => {
    const pending = new Promise((resolve) => provider.on("pending", resolve));
    const block = new Promise((resolve) => provider.on("block", resolve));
    let last;
    const send = async () => {
      const tx = await owner.sendTransaction({ to: alice.address, value: 1n });
      last = await tx.wait();
      return tx.hash;
    };
    const { ev: hash, hashes } = await untilEvent(pending, send);
    assert.ok(hashes.includes(hash), `pending ${hash}, sent ${hashes}`);
    const { ev: number } = await untilEvent(block, send);
    assert.ok(number > 0 && number <= last.blockNumber, `block ${number}, last ${last.blockNumber}`);
    await provider.removeAllListeners();
  });

  await step("WebSocket: eth_subscribe newHeads and logs (WebSocketProvider, contract.on)", async () => {
    const ws = new ethers.WebSocketProvider(url.replace(/^http/, "ws"));
    try {
      assert.equal((await ws.getNetwork()).chainId, 1337n);
      const wsToken = new ethers.Contract(tokenAddr, built.Token.abi, ws);
      const gotLog = new Promise((resolve) => {
        wsToken.on(wsToken.filters.Transfer(null, carol.address), (...args) => resolve(args[args.length - 1]));
      });
      const gotHead = new Promise((resolve) => ws.once("block", resolve));
      let last;
      const { ev, hashes } = await untilEvent(gotLog, async () => {
        const tx = await token.transfer(carol.address, 5n);
        last = await tx.wait();
        return tx.hash;
      });
      assert.ok(hashes.includes(ev.log.transactionHash), `event from ${ev.log.transactionHash}, sent ${hashes}`);
      assert.equal(ev.args.value, 5n);
      const { ev: head } = await untilEvent(gotHead, async () => {
        const tx = await token.transfer(carol.address, 5n);
        last = await tx.wait();
        return tx.hash;
      });
      assert.ok(head > 0 && head <= last.blockNumber, `head ${head}, last receipt in block ${last.blockNumber}`);
      await wsToken.removeAllListeners();
    } finally {
      await ws.destroy();
    }
  });

  await step("eth_sign and eth_signTypedData_v4 by an unlocked account verify in ethers", async () => {
    const message = "twinchain tickets";
    const sig = await provider.send("eth_sign", [owner.address.toLowerCase(), ethers.hexlify(ethers.toUtf8Bytes(message))]);
    assert.equal(ethers.verifyMessage(message, sig), owner.address);
    assert.equal(sig, await owner.signMessage(message), "eth_sign differs from the locally signed EIP-191 message");
    const domain = { name: "Ticket", version: "1", chainId: 1337, verifyingContract: await ticket.getAddress() };
    const types = { Seat: [{ name: "holder", type: "address" }, { name: "row", type: "uint8" }, { name: "number", type: "uint16" }] };
    const value = { holder: alice.address, row: 7, number: 12 };
    const typed = await alice.signTypedData(domain, types, value);
    assert.equal(ethers.verifyTypedData(domain, types, value, typed), alice.address);
  });

  provider.destroy();
}

main().then(
  () => {
    console.log("ethers scenario: all steps passed");
    process.exit(0);
  },
  (e) => {
    console.error("ethers scenario failed:", e && e.message ? e.message : e);
    process.exit(1);
  },
);
