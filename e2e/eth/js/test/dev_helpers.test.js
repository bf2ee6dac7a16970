// Hardhat 2 against twinchain: the dev helpers Hardhat test suites use
// through network.provider (evm_snapshot/evm_revert, evm_mine,
// evm_increaseTime, evm_setNextBlockTimestamp, hardhat_setBalance).
"use strict";

const assert = require("assert/strict");
const hre = require("hardhat");
const { ethers, network } = hre;

describe("dev helpers on twinchain (Hardhat 2)", function () {
  it("evm_snapshot and evm_revert undo a ticket purchase", async function () {
    const [, cinema, alice] = await ethers.getSigners();
    const price = ethers.parseEther("0.01");
    const ticket = await ethers.deployContract("Ticket", [cinema.address, price, 2]);
    await ticket.waitForDeployment();
    const head = await ethers.provider.getBlockNumber();
    const cinemaBefore = await ethers.provider.getBalance(cinema.address);

    const id = await network.provider.send("evm_snapshot", []);
    await (await ticket.connect(alice).buy(2, { value: price * 2n })).wait();
    assert.equal(await ticket.ticketsLeft(), 0n);
    assert.equal(await network.provider.send("evm_revert", [id]), true);

    assert.equal(await ethers.provider.getBlockNumber(), head);
    assert.equal(await ticket.ticketsLeft(), 2n);
    assert.equal(await ticket.ticketsOf(alice.address), 0n);
    assert.equal(await ethers.provider.getBalance(cinema.address), cinemaBefore);
    // The chain goes on from the snapshot: the same purchase works again.
    await (await ticket.connect(alice).buy(1, { value: price })).wait();
    assert.equal(await ticket.ticketsLeft(), 1n);
  });

  it("evm_mine, evm_increaseTime and evm_setNextBlockTimestamp move the clock", async function () {
    const before = await ethers.provider.getBlock("latest");
    await network.provider.send("evm_mine", []);
    const mined = await ethers.provider.getBlock("latest");
    assert.equal(mined.number, before.number + 1);
    assert.equal(mined.transactions.length, 0);

    await network.provider.send("evm_increaseTime", [3600]);
    await network.provider.send("evm_mine", []);
    const later = await ethers.provider.getBlock("latest");
    // The clock moved 3600 s. Automined blocks within one second each take
    // their parent's time + 1 and so run ahead of the clock (by up to one
    // second per block; Hardhat's node does the same), hence the slack.
    const moved = later.timestamp - mined.timestamp;
    assert.ok(moved > 3600 - 120 && moved <= 3600 + 120, `timestamp moved ${moved} s, want about 3600`);

    const next = later.timestamp + 86400;
    await network.provider.send("evm_setNextBlockTimestamp", [next]);
    await network.provider.send("evm_mine", []);
    assert.equal((await ethers.provider.getBlock("latest")).timestamp, next);
  });

  it("hardhat_setBalance raises, lowers and zeroes a balance, to the wei", async function () {
    const [, , , dave] = await ethers.getSigners();
    const stranger = ethers.Wallet.createRandom().address;
    for (const [addr, wei] of [
      [stranger, ethers.parseEther("1000")],
      [stranger, 123456789n], // lower, and not a whole number of gwei
      [dave.address, ethers.parseEther("0.5") + 1n],
      [stranger, 0n],
    ]) {
      await network.provider.send("hardhat_setBalance", [addr, ethers.toQuantity(wei)]);
      assert.equal(await ethers.provider.getBalance(addr), wei);
    }
    // The lowered account still pays for its own transaction.
    const before = await ethers.provider.getBalance(dave.address);
    const tx = await dave.sendTransaction({ to: stranger, value: 1000n });
    const rcpt = await tx.wait();
    assert.equal(rcpt.status, 1);
    assert.equal(await ethers.provider.getBalance(dave.address), before - 1000n - rcpt.gasUsed * rcpt.gasPrice);
  });
});
