#!/usr/bin/env python3
"""Wallet-and-mining scenario with Debian's python3-bitcoinlib (0.11.2).

bitcoin.rpc.Proxy talks to twinchaind with the cookie credentials the Go
test passes in the environment (TWINCHAIN_RPC_HOST, TWINCHAIN_RPC_PORT,
TWINCHAIN_RPC_COOKIE). Proxy has its own habits that the node must accept
as bitcoind does: "version": "1.1" requests, getbalance "*" 1 false,
getblock <hash> false, amounts as floats; and it parses results into its
own types (CBitcoinAddress, CTransaction, CBlock, satoshi integers).
"""

import os
import sys
from decimal import Decimal

import bitcoin
import bitcoin.rpc
from bitcoin.core import COIN, b2lx, lx
from bitcoin.wallet import CBitcoinAddress

checks = 0


def check(cond, what, got=None):
    global checks
    checks += 1
    if not cond:
        raise AssertionError("check failed: %s%s" % (what, "" if got is None else ": got %r" % (got,)))
    print("ok %d - %s" % (checks, what))


def step(name, fn):
    try:
        return fn()
    except bitcoin.rpc.JSONRPCError as e:
        raise AssertionError("%s failed: JSON-RPC error %s" % (name, e.error))
    except Exception as e:  # noqa: BLE001 - report any failure with the step name
        raise AssertionError("%s failed: %s: %s" % (name, type(e).__name__, e))


def main():
    bitcoin.SelectParams("regtest")
    host = os.environ.get("TWINCHAIN_RPC_HOST", "127.0.0.1")
    port = int(os.environ.get("TWINCHAIN_RPC_PORT", "18443"))
    with open(os.environ["TWINCHAIN_RPC_COOKIE"]) as f:
        user, password = f.read().strip().split(":", 1)
    base = "http://%s:%s@%s:%d" % (user, password, host, port)

    node = bitcoin.rpc.Proxy(service_url=base + "/", timeout=60)
    start = step("getblockcount", node.getblockcount)

    for name in ("py_alice", "py_bob"):
        res = step("createwallet " + name, lambda: node.call("createwallet", name))
        check(res["name"] == name, "createwallet %s returns its name" % name, res)
    alice = bitcoin.rpc.Proxy(service_url=base + "/wallet/py_alice", timeout=60)
    bob = bitcoin.rpc.Proxy(service_url=base + "/wallet/py_bob", timeout=60)

    alice_addr = step("getnewaddress (alice)", alice.getnewaddress)
    check(isinstance(alice_addr, CBitcoinAddress) and str(alice_addr).startswith("bcrt1q"),
          "getnewaddress parses as a regtest P2WPKH CBitcoinAddress", str(alice_addr))
    bob_addr = step("getnewaddress (bob)", bob.getnewaddress)

    hashes = list(step("generatetoaddress 101", lambda: node.generatetoaddress(101, alice_addr)))
    check(len(hashes) == 101, "generatetoaddress returns 101 hashes", len(hashes))
    check(step("getblockcount", node.getblockcount) == start + 101, "the chain grew by 101 blocks")
    check(step("getbestblockhash", node.getbestblockhash) == hashes[-1], "the tip is the last generated block")

    block = step("getblock <hash> false", lambda: node.getblock(hashes[-1]))
    check(block.GetHash() == hashes[-1] and len(block.vtx) == 1 and block.vtx[0].is_coinbase(),
          "getblock deserializes into a CBlock with its coinbase")
    check(step("getblockhash", lambda: node.getblockhash(start + 101)) == hashes[-1], "getblockhash of the tip")

    bal = step('getbalance "*" 1 false (alice)', alice.getbalance)
    check(bal == 50 * COIN, "alice has one mature coinbase (50 BTC)", bal)

    txid = step("sendtoaddress", lambda: alice.sendtoaddress(bob_addr, 2 * COIN))
    check(isinstance(txid, bytes) and len(txid) == 32, "sendtoaddress returns a txid", b2lx(txid))
    check(txid in step("getrawmempool", node.getrawmempool), "the payment is in the mempool")
    tx = step("getrawtransaction (mempool)", lambda: node.getrawtransaction(txid))
    check(tx.GetTxid() == txid, "getrawtransaction deserializes into the CTransaction with that txid", b2lx(tx.GetTxid()))
    check(any(o.nValue == 2 * COIN and o.scriptPubKey == bob_addr.to_scriptPubKey() for o in tx.vout),
          "the transaction pays 2 BTC to bob's script")

    mined = list(step("generatetoaddress 1", lambda: node.generatetoaddress(1, alice_addr)))
    check(step("getbalance (bob)", bob.getbalance) == 2 * COIN, "bob has 2 BTC")
    alice_bal = step("getbalance (alice)", alice.getbalance)
    check(98 * COIN - COIN // 100 < alice_bal < 98 * COIN, "alice has 100 - 2 BTC minus a small fee", alice_bal)

    wtx = step("gettransaction (bob)", lambda: bob.gettransaction(txid))
    check(wtx["confirmations"] == 1 and wtx["amount"] == Decimal("2.00000000") and wtx["blockhash"] == b2lx(mined[0]),
          "gettransaction (bob): 2 BTC with 1 confirmation in the new block", wtx)

    verbose = step("getrawtransaction verbose with block hash",
                   lambda: node.getrawtransaction(txid, verbose=True, block_hash=mined[0]))
    check(verbose["confirmations"] == 1 and verbose["blockhash"] == mined[0] and verbose["tx"].GetTxid() == txid,
          "getrawtransaction verbose: 1 confirmation in the new block")

    unspent = step("listunspent (bob)", bob.listunspent)
    check(len(unspent) == 1 and unspent[0]["outpoint"].hash == txid and unspent[0]["amount"] == 2 * COIN
          and str(unspent[0]["address"]) == str(bob_addr),
          "listunspent (bob) parses the coin (outpoint, amount, address)", unspent)

    received = step("getreceivedbyaddress", lambda: bob.getreceivedbyaddress(bob_addr))
    check(received == 2 * COIN, "getreceivedbyaddress (bob) is 2 BTC", received)

    info = step("getblockchaininfo", lambda: node.call("getblockchaininfo"))
    check(info["chain"] == "regtest" and info["blocks"] == start + 102, "getblockchaininfo: regtest at the new height", info)

    try:
        node.getblock(lx("00" * 32))
        check(False, "getblock of an unknown hash fails")
    except IndexError as e:
        check("-5" in str(e), "getblock of an unknown hash fails with -5 (IndexError from Proxy)", str(e))

    print("PASS python-bitcoinlib wallet and mining: %d checks" % checks)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("FAIL python-bitcoinlib wallet and mining: %s" % e, file=sys.stderr)
        sys.exit(1)
