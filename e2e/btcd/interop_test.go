package btcd

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// btcdMiningAddr is a regtest P2WPKH address btcd mines to when no wallet
// of ours needs the coins (btcd has no wallet and needs --miningaddr to
// generate).
const btcdMiningAddr = "bcrt1q53qy7xzmw4wfqjt5q9rzjsjlnrzrlqewkwlx24"

// peerInfo is the part of getpeerinfo the tests check (both nodes answer
// with these fields).
type peerInfo struct {
	Addr    string `json:"addr"`
	SubVer  string `json:"subver"`
	Version int    `json:"version"`
	Inbound bool   `json:"inbound"`
}

// onlyPeer returns p's single peer, failing the test unless there is
// exactly one whose user agent contains agent.
func onlyPeer(t *testing.T, p *proc, agent string) peerInfo {
	t.Helper()
	var peers []peerInfo
	p.call(&peers, "getpeerinfo")
	if len(peers) != 1 || !strings.Contains(peers[0].SubVer, agent) {
		t.Fatalf("%s's getpeerinfo: %+v; want one peer %q", p.name, peers, agent)
	}
	return peers[0]
}

// TestSyncFromBtcd: btcd mines a regtest chain of 120 blocks; our node,
// started afterwards with -connect to btcd, syncs it headers-first to the
// same tip; then blocks btcd mines while connected reach our node.
func TestSyncFromBtcd(t *testing.T) {
	needBtcd(t)
	b := startBtcd(t, btcdMiningAddr)
	start := time.Now()
	var hashes []string
	b.call(&hashes, "generate", 120)
	if len(hashes) != 120 {
		t.Fatalf("btcd generate 120 returned %d hashes", len(hashes))
	}
	t.Logf("btcd mined 120 blocks in %v", time.Since(start).Round(time.Millisecond))

	start = time.Now()
	ours := startOurs(t, "-connect="+b.p2pAddr())
	waitSameTip(t, "our node syncs btcd's 120 blocks", 120, ours, b, 120*time.Second)
	t.Logf("our node started and synced 120 blocks from btcd in %v", time.Since(start).Round(time.Millisecond))
	pi := onlyPeer(t, ours, "btcd:"+btcdVersion)
	if pi.Inbound || pi.Version != 70016 {
		t.Errorf("our node's peer: %+v; want btcd, outbound (-connect), protocol 70016", pi)
	}
	t.Logf("our node's peer: %+v", pi)

	// New blocks while connected: btcd announces, we fetch.
	b.call(&hashes, "generate", 5)
	took := waitSameTip(t, "our node follows 5 new btcd blocks", 125, ours, b, 60*time.Second)
	t.Logf("our node followed 5 new btcd blocks in %v", took.Round(time.Millisecond))
	if tip, _ := bestHash(ours); tip != hashes[len(hashes)-1] {
		t.Errorf("our tip %s is not btcd's last generated block %s", tip, hashes[len(hashes)-1])
	}
}

// unspent is the part of listunspent the test uses.
type unspent struct {
	TxID    string      `json:"txid"`
	Vout    uint32      `json:"vout"`
	Address string      `json:"address"`
	Amount  json.Number `json:"amount"`
}

// sats converts a BTC amount to satoshis.
func sats(t *testing.T, n json.Number) int64 {
	t.Helper()
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || f < 0 {
		t.Fatalf("amount %q: %v", n, err)
	}
	return int64(f*1e8 + 0.5)
}

// btc formats satoshis as a BTC amount for JSON.
func btc(s int64) json.Number {
	return json.Number(fmt.Sprintf("%d.%08d", s/1e8, s%1e8))
}

// utxosAt returns our wallet's confirmed unspent outputs paying addrs, one
// each, failing the test otherwise.
func utxosAt(t *testing.T, ours *proc, addrs ...string) []unspent {
	t.Helper()
	var list []unspent
	ours.call(&list, "listunspent", 1, 9999999, addrs)
	var out []unspent
	for _, a := range addrs {
		found := false
		for _, u := range list {
			if u.Address == a {
				out = append(out, u)
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("listunspent has no confirmed output at %s: %+v", a, list)
		}
	}
	return out
}

// signedSpend builds a transaction spending ins to dest (everything but a
// 10,000-satoshi fee) and signs it with our wallet without broadcasting it.
// It returns the hex and the txid.
func signedSpend(t *testing.T, ours *proc, dest string, ins ...unspent) (string, string) {
	t.Helper()
	var inputs []map[string]any
	var total int64
	for _, u := range ins {
		inputs = append(inputs, map[string]any{"txid": u.TxID, "vout": u.Vout})
		total += sats(t, u.Amount)
	}
	var raw string
	ours.call(&raw, "createrawtransaction", inputs, map[string]any{dest: btc(total - 10000)})
	var signed struct {
		Hex      string `json:"hex"`
		Complete bool   `json:"complete"`
		Errors   []any  `json:"errors"`
	}
	ours.call(&signed, "signrawtransactionwithwallet", raw)
	if !signed.Complete {
		t.Fatalf("signrawtransactionwithwallet is not complete: %+v", signed.Errors)
	}
	var dec struct {
		TxID string `json:"txid"`
	}
	ours.call(&dec, "decoderawtransaction", signed.Hex)
	return signed.Hex, dec.TxID
}

// TestBtcdSyncsOurChainAndRelay: our node mines a chain whose blocks spend
// P2WPKH (segwit v0) and P2TR (taproot key path) outputs; btcd, started
// afterwards with --connect to our node, syncs it to the same tip. Then,
// connected: wallet payments sent on our node reach btcd's mempool, a
// taproot spend signed by our wallet and submitted only to btcd reaches
// ours, the block our node mines with them reaches btcd, and a block btcd
// mines with a payment of ours reaches our node.
func TestBtcdSyncsOurChainAndRelay(t *testing.T) {
	needBtcd(t)
	ours := startOurs(t)
	newAddr := func(typ string) string {
		var a string
		ours.call(&a, "getnewaddress", "", typ)
		return a
	}
	mine := newAddr("bech32")
	var hashes []string
	ours.call(&hashes, "generatetoaddress", 101, mine)

	// Segwit v0 spends (of P2WPKH coinbases) paying a P2WPKH and a P2TR
	// output, then one transaction spending both of those.
	wit, tr := newAddr("bech32"), newAddr("bech32m")
	var pay1, pay2 string
	ours.call(&pay1, "sendtoaddress", wit, 10)
	ours.call(&pay2, "sendtoaddress", tr, 20)
	ours.call(&hashes, "generatetoaddress", 1, mine)
	both := newAddr("bech32m")
	hexBoth, spendBoth := signedSpend(t, ours, both, utxosAt(t, ours, wit, tr)...)
	var got string
	ours.call(&got, "sendrawtransaction", hexBoth)
	ours.call(&hashes, "generatetoaddress", 1, mine)
	spendBlock := hashes[0]
	const height = 103

	start := time.Now()
	b := startBtcd(t, btcdMiningAddr, "--connect="+ours.p2pAddr())
	waitSameTip(t, "btcd syncs our 103 blocks", height, b, ours, 120*time.Second)
	t.Logf("btcd started and synced our %d blocks (segwit v0 and taproot spends) in %v", height, time.Since(start).Round(time.Millisecond))
	pi := onlyPeer(t, b, "/twinchain:")
	if pi.Inbound || pi.Version != 70016 {
		t.Errorf("btcd's peer: %+v; want our node, outbound (--connect), protocol 70016", pi)
	}
	t.Logf("btcd's peer: %+v", pi)
	var blk struct {
		Tx []string `json:"tx"`
	}
	b.call(&blk, "getblock", spendBlock, 1)
	if len(blk.Tx) != 2 || blk.Tx[1] != spendBoth {
		t.Errorf("btcd's block %s has transactions %v; want the coinbase and %s", spendBlock, blk.Tx, spendBoth)
	}

	// Relay from btcd to us: a taproot key-path spend signed by our wallet
	// and submitted only to btcd. Lock the coin first so that the wallet
	// payments below do not pick it too.
	coin := utxosAt(t, ours, both)
	ours.call(nil, "lockunspent", false, []map[string]any{{"txid": coin[0].TxID, "vout": coin[0].Vout}})
	hexTr, spendTr := signedSpend(t, ours, newAddr("bech32"), coin...)
	var sent string
	b.call(&sent, "sendrawtransaction", hexTr)
	if sent != spendTr {
		t.Fatalf("btcd's sendrawtransaction returned %s; want %s", sent, spendTr)
	}
	took := waitInMempool(t, "a transaction submitted to btcd reaches our mempool", ours, 60*time.Second, []string{spendTr}, ours, b)
	t.Logf("btcd → us: taproot spend relayed in %v", took.Round(time.Millisecond))

	// Relay from us to btcd: wallet payments to P2WPKH and P2TR addresses.
	var toWit, toTr string
	ours.call(&toWit, "sendtoaddress", newAddr("bech32"), 1)
	ours.call(&toTr, "sendtoaddress", newAddr("bech32m"), 2)
	took = waitInMempool(t, "our wallet's payments reach btcd's mempool", b, 60*time.Second, []string{toWit, toTr}, ours, b)
	t.Logf("us → btcd: 2 wallet payments relayed in %v", took.Round(time.Millisecond))

	// Our block with the three transactions reaches btcd, which empties
	// its mempool.
	ours.call(&hashes, "generatetoaddress", 1, mine)
	took = waitSameTip(t, "btcd follows our new block", height+1, b, ours, 60*time.Second)
	t.Logf("btcd followed our new block in %v", took.Round(time.Millisecond))
	waitEmptyMempools(t, ours, b)

	// The other way: a block btcd mines with a wallet payment of ours (a
	// segwit spend) in it reaches our node.
	var toBtcdBlock string
	ours.call(&toBtcdBlock, "sendtoaddress", newAddr("bech32m"), 3)
	waitInMempool(t, "our wallet's payment reaches btcd's mempool", b, 60*time.Second, []string{toBtcdBlock}, ours, b)
	b.call(&hashes, "generate", 1)
	took = waitSameTip(t, "our node follows btcd's block", height+2, ours, b, 60*time.Second)
	t.Logf("our node followed btcd's block with our payment in %v", took.Round(time.Millisecond))
	ours.call(&blk, "getblock", hashes[0], 1)
	if len(blk.Tx) != 2 || blk.Tx[1] != toBtcdBlock {
		t.Errorf("our copy of btcd's block %s has transactions %v; want the coinbase and %s", hashes[0], blk.Tx, toBtcdBlock)
	}
	waitEmptyMempools(t, ours, b)
}

// waitEmptyMempools waits until the nodes' mempools are empty.
func waitEmptyMempools(t *testing.T, nodes ...*proc) {
	t.Helper()
	waitFor(t, "the mempools empty after the block", 10*time.Second, func() (bool, string) {
		for _, p := range nodes {
			var pool []string
			if err := p.try(&pool, "getrawmempool"); err != nil {
				return false, err.Error()
			}
			if len(pool) != 0 {
				return false, fmt.Sprintf("%s's mempool: %v", p.name, pool)
			}
		}
		return true, ""
	}, nodes...)
}
