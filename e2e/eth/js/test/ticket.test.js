// Scenario B of issue 7: a Hardhat 2 mocha suite against twinchaind as an
// external network (npx hardhat test --network twinchain). Hardhat signs
// with the dev keys of hardhat.config.js and sends raw transactions.
"use strict";

const assert = require("assert/strict");
const hre = require("hardhat");
const { ethers } = hre;

describe("Ticket on twinchain (Hardhat 2)", function () {
  const price = ethers.parseEther("0.05");
  let cinema, alice, bob, ticket;

  before(async function () {
    assert.equal(hre.network.name, "twinchain");
    const net = await ethers.provider.getNetwork();
    assert.equal(net.chainId, 1337n);
    [, cinema, alice, bob] = await ethers.getSigners();
    const Ticket = await ethers.getContractFactory("Ticket");
    ticket = await Ticket.deploy(cinema.address, price, 5);
    await ticket.waitForDeployment();
  });

  it("starts with every ticket for sale at the price", async function () {
    assert.equal(await ticket.cinema(), cinema.address);
    assert.equal(await ticket.price(), price);
    assert.equal(await ticket.ticketsLeft(), 5n);
    assert.equal(await ticket.ticketsOf(alice.address), 0n);
  });

  it("buying deducts the price, adds the tickets, pays the cinema, decrements the tickets left", async function () {
    const buyerBefore = await ethers.provider.getBalance(alice.address);
    const cinemaBefore = await ethers.provider.getBalance(cinema.address);
    const tx = await ticket.connect(alice).buy(3, { value: price * 3n });
    const rcpt = await tx.wait();
    assert.equal(rcpt.status, 1);
    const fee = rcpt.gasUsed * rcpt.gasPrice;
    assert.equal(buyerBefore - (await ethers.provider.getBalance(alice.address)), price * 3n + fee);
    assert.equal((await ethers.provider.getBalance(cinema.address)) - cinemaBefore, price * 3n);
    assert.equal(await ticket.ticketsOf(alice.address), 3n);
    assert.equal(await ticket.ticketsLeft(), 2n);
  });

  it("emits TicketBought", async function () {
    const tx = await ticket.connect(bob).buy(1, { value: price });
    const rcpt = await tx.wait();
    const ev = rcpt.logs.map((l) => ticket.interface.parseLog(l)).find((e) => e && e.name === "TicketBought");
    assert.ok(ev, "no TicketBought in the receipt");
    assert.equal(ev.args.buyer, bob.address);
    assert.equal(ev.args.count, 1n);
    assert.equal(ev.args.paid, price);
    assert.equal(ev.args.left, 1n);
    const all = await ticket.queryFilter(ticket.filters.TicketBought(), 0, "latest");
    assert.deepEqual(all.map((e) => e.args.buyer), [alice.address, bob.address]);
  });

  it("reverts with 'wrong payment' when msg.value is not price * n", async function () {
    await assert.rejects(ticket.connect(bob).buy(1, { value: price + 1n }), /wrong payment/);
    await assert.rejects(ticket.connect(bob).buy(1), /wrong payment/);
    assert.equal(await ticket.ticketsLeft(), 1n);
  });

  it("reverts with 'sold out' past the last ticket", async function () {
    await assert.rejects(ticket.connect(bob).buy(2, { value: price * 2n }), /sold out/);
    await (await ticket.connect(bob).buy(1, { value: price })).wait();
    assert.equal(await ticket.ticketsLeft(), 0n);
    await assert.rejects(ticket.connect(alice).buy(1, { value: price }), /sold out/);
    assert.equal(await ticket.ticketsOf(bob.address), 2n);
  });
});

describe("Token on twinchain (Hardhat 2)", function () {
  it("transfers, approves and reverts with its reasons", async function () {
    const [owner, alice, bob] = await ethers.getSigners();
    const token = await ethers.deployContract("Token", ["Hardhat Token", "HHT", 1000n]);
    await token.waitForDeployment();
    assert.equal(await token.balanceOf(owner.address), 1000n);
    await (await token.transfer(alice.address, 400n)).wait();
    assert.equal(await token.balanceOf(alice.address), 400n);
    await assert.rejects(token.connect(bob).transfer(owner.address, 1n), /insufficient balance/);
    await (await token.connect(alice).approve(bob.address, 100n)).wait();
    await (await token.connect(bob).transferFrom(alice.address, bob.address, 60n)).wait();
    assert.equal(await token.allowance(alice.address, bob.address), 40n);
    await assert.rejects(token.connect(bob).transferFrom(alice.address, bob.address, 41n), /insufficient allowance/);
    assert.equal(await token.balanceOf(bob.address), 60n);
    assert.equal(await token.totalSupply(), 1000n);
  });
});
