package explorer

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// TestExplorerBalancesMatch checks the balance the explorer's JSON API gives
// for every address the scenario touched against the node: the UTXO set
// rebuilt from the node's blocks and mempool, scantxoutset (when the node
// has it), each wallet's getbalances, and eth_getBalance/nonce; then again
// through a reorg of the UTXO chain.
func TestExplorerBalancesMatch(t *testing.T) {
	n := startNode(t)
	s := buildScenario(t, n)
	bc := newBalanceChecker(n, s)

	bc.check(t, "after the scenario")

	// The explorer's address history holds the scenario's transactions;
	// bob's payment back spent one of his two coins (coin selection
	// chooses which), so it is in one of their histories.
	history := func(addr string) []string {
		var txs []struct {
			Txid string `json:"txid"`
		}
		n.apiJSON(t, "/api/address/"+addr+"/txs", &txs)
		var ids []string
		for _, x := range txs {
			ids = append(ids, x.Txid)
		}
		return ids
	}
	hb, ht, hback := history(s.btcBech32), history(s.btcTaproot), history(s.btcBack)
	if !contains(hb, s.btcTxBech32) || !contains(ht, s.btcTxTaproot) || !contains(hback, s.btcTxBack) ||
		!contains(append(hb, ht...), s.btcTxBack) {
		t.Errorf("address histories lack the scenario's transactions: %s %v, %s %v, %s %v", s.btcBech32, hb, s.btcTaproot, ht, s.btcBack, hback)
	}
	for _, c := range []struct{ addr, hash string }{{s.ethTo, s.ethTxPay}, {s.ethTo, s.ethTxStranger}, {s.ethStranger, s.ethTxStranger}, {s.ethFrom, s.ethTxDeploy}, {s.ethToken, s.ethTxToken}} {
		var txs []struct {
			Hash string `json:"hash"`
		}
		n.apiJSON(t, "/api/eth/address/"+c.addr+"/txs", &txs)
		found := false
		for _, x := range txs {
			found = found || strings.EqualFold(x.Hash, c.hash)
		}
		if !found {
			t.Errorf("/api/eth/address/%s/txs lacks %s: %+v", c.addr, c.hash, txs)
		}
	}

	// Reorg: invalidate the tip block, which holds bob's payment back to
	// alice: the payment returns to the mempool, alice's coinbase of that
	// block disappears, bob's coin it spent is confirmed-unspent again.
	n.btc(t, "", "invalidateblock", nil, s.btcBackBlock)
	waitBTCTip(t, n, 102)
	var pool []string
	n.btc(t, "", "getrawmempool", &pool)
	if !contains(pool, s.btcTxBack) {
		t.Fatalf("after invalidateblock the mempool lacks %s: %v", s.btcTxBack, pool)
	}
	bc.check(t, "after invalidateblock of the tip")

	// A longer competing branch of empty blocks paying a third wallet: the
	// payment stays in the mempool.
	n.btc(t, "", "createwallet", nil, "carol")
	var carol string
	n.btc(t, "carol", "getnewaddress", &carol)
	bc.wallets = append(bc.wallets, "carol")
	for range 2 {
		n.btc(t, "", "generateblock", nil, carol, []string{})
	}
	waitBTCTip(t, n, 104)
	bc.check(t, "on the competing branch (height 104)")

	// The old branch becomes valid again but stays shorter: nothing moves.
	n.btc(t, "", "reconsiderblock", nil, s.btcBackBlock)
	var best string
	n.btc(t, "", "getbestblockhash", &best)
	if best == s.btcBackBlock {
		t.Fatalf("reconsiderblock made the shorter old branch active")
	}
	bc.check(t, "after reconsiderblock of the shorter old branch")

	// The payment is mined again on the new branch.
	n.btc(t, "", "generatetoaddress", nil, 1, carol)
	waitBTCTip(t, n, 105)
	n.btc(t, "", "getrawmempool", &pool)
	if len(pool) != 0 {
		t.Errorf("mempool after mining the payment again: %v", pool)
	}
	bc.check(t, "after the payment was mined again on the new branch")

	// The account chain rewinds (evm_snapshot/evm_revert set the head
	// back): a payment to a fresh address is undone, then a new branch
	// grows from the snapshot.
	var snap string
	n.eth(t, "evm_snapshot", &snap)
	before := ethHead(t, n)
	rewound := "0x5eed00000000000000000000000000000000e2e2"
	bc.ethAddrs[rewound] = true
	txR := n.ethSend(t, map[string]any{"from": s.ethTo, "to": rewound, "value": "0x" + big.NewInt(125e15).Text(16)})
	n.ethReceipt(t, txR)
	bc.check(t, "account chain before evm_revert")
	waitEthTxs(t, n, rewound, []string{txR})
	var reverted bool
	n.eth(t, "evm_revert", &reverted, snap)
	if !reverted {
		t.Fatalf("evm_revert %s answered false", snap)
	}
	if h := ethHead(t, n); h != before {
		t.Fatalf("account head %d after evm_revert, want %d", h, before)
	}
	bc.check(t, "account chain after evm_revert")
	waitEthTxs(t, n, rewound, nil)
	txN := n.ethSend(t, map[string]any{"from": s.ethTokenTo, "to": s.ethStranger, "value": "0x" + big.NewInt(5e17).Text(16)})
	n.ethReceipt(t, txN)
	bc.check(t, "account chain on the branch grown after evm_revert")
	waitEthTxs(t, n, rewound, nil)
}

// waitEthTxs waits until the explorer lists exactly the transactions want
// (newest first) for an account.
func waitEthTxs(t *testing.T, n *node, addr string, want []string) {
	t.Helper()
	waitFor(t, rpcTimeout, "the explorer's transactions of "+addr, func() string {
		var txs []struct {
			Hash string `json:"hash"`
		}
		code, body, err := n.get("/api/eth/address/" + addr + "/txs")
		if err != nil || code != 200 {
			return fmt.Sprintf("HTTP %d (%v): %s", code, err, body)
		}
		if err := json.Unmarshal(body, &txs); err != nil {
			return err.Error()
		}
		var got []string
		for _, x := range txs {
			got = append(got, strings.ToLower(x.Hash))
		}
		if strings.Join(got, ",") != strings.ToLower(strings.Join(want, ",")) {
			return fmt.Sprintf("lists %v, want %v", got, want)
		}
		return ""
	})
}

// waitBTCTip waits until the node's UTXO tip is at height h.
func waitBTCTip(t *testing.T, n *node, h int64) {
	t.Helper()
	waitFor(t, rpcTimeout, fmt.Sprintf("UTXO tip at %d", h), func() string {
		var got int64
		n.btc(t, "", "getblockcount", &got)
		if got != h {
			return fmt.Sprintf("height %d", got)
		}
		return ""
	})
}

// balanceChecker compares the explorer's balances with the node's. The
// address sets only grow, so an address whose coins a reorg removed is still
// checked (it must then show zero).
type balanceChecker struct {
	n         *node
	s         *scenario
	wallets   []string
	btcAddrs  map[string]bool
	ethAddrs  map[string]bool
	ismine    map[string]string // address -> wallet ("" for none)
	noScanSet bool              // scantxoutset is not available
}

func newBalanceChecker(n *node, s *scenario) *balanceChecker {
	bc := &balanceChecker{n: n, s: s, wallets: []string{alice, bob}, btcAddrs: map[string]bool{}, ethAddrs: map[string]bool{}, ismine: map[string]string{}}
	for _, a := range []string{s.btcMine, s.btcBech32, s.btcTaproot, s.btcBack} {
		bc.btcAddrs[a] = true
	}
	for _, a := range []string{s.ethFrom, s.ethTo, s.ethStranger, s.ethToken, s.ethTokenTo} {
		bc.ethAddrs[strings.ToLower(a)] = true
	}
	return bc
}

// rpcTx is a transaction as getblock 2 / getrawtransaction 1 return it.
type rpcTx struct {
	Txid string `json:"txid"`
	Vin  []struct {
		Coinbase string `json:"coinbase"`
		Txid     string `json:"txid"`
		Vout     uint32 `json:"vout"`
	} `json:"vin"`
	Vout []struct {
		Value        json.Number `json:"value"`
		N            uint32      `json:"n"`
		ScriptPubKey struct {
			Address string `json:"address"`
		} `json:"scriptPubKey"`
	} `json:"vout"`
}

// coin is an output: who it pays and how much.
type coin struct {
	addr string
	sats int64
}

// nodeBTCBalances rebuilds the UTXO set from the node's main chain and
// returns each address's confirmed balance and the net change its mempool
// transactions make.
func (bc *balanceChecker) nodeBTCBalances(t *testing.T) (chain, pool map[string]int64) {
	t.Helper()
	n := bc.n
	var tip int64
	n.btc(t, "", "getblockcount", &tip)
	utxos := map[string]coin{}
	for h := int64(1); h <= tip; h++ { // the genesis output is unspendable
		var hash string
		n.btc(t, "", "getblockhash", &hash, h)
		var blk struct {
			Tx []rpcTx `json:"tx"`
		}
		n.btc(t, "", "getblock", &blk, hash, 2)
		for _, tx := range blk.Tx {
			bc.apply(t, utxos, tx, nil)
		}
	}
	chain = map[string]int64{}
	for _, c := range utxos {
		chain[c.addr] += c.sats
	}
	var txids []string
	n.btc(t, "", "getrawmempool", &txids)
	var txs []rpcTx
	for _, id := range txids {
		var tx rpcTx
		n.btc(t, "", "getrawtransaction", &tx, id, true)
		txs = append(txs, tx)
	}
	// Apply parents before children: retry until every input resolves.
	pool = map[string]int64{}
	for len(txs) > 0 {
		var left []rpcTx
		for _, tx := range txs {
			if !bc.resolvable(utxos, tx) {
				left = append(left, tx)
				continue
			}
			bc.apply(t, utxos, tx, pool)
		}
		if len(left) == len(txs) {
			t.Fatalf("mempool transactions spend unknown coins: %+v", left)
		}
		txs = left
	}
	return chain, pool
}

// resolvable reports whether every input of tx spends a known coin.
func (bc *balanceChecker) resolvable(utxos map[string]coin, tx rpcTx) bool {
	for _, in := range tx.Vin {
		if in.Coinbase == "" {
			if _, ok := utxos[fmt.Sprintf("%s:%d", in.Txid, in.Vout)]; !ok {
				return false
			}
		}
	}
	return true
}

// apply spends tx's inputs and adds its outputs to utxos; with delta set, it
// also records the per-address change there.
func (bc *balanceChecker) apply(t *testing.T, utxos map[string]coin, tx rpcTx, delta map[string]int64) {
	t.Helper()
	for _, in := range tx.Vin {
		if in.Coinbase != "" {
			continue
		}
		op := fmt.Sprintf("%s:%d", in.Txid, in.Vout)
		c, ok := utxos[op]
		if !ok {
			t.Fatalf("transaction %s spends %s, which the node's blocks never created", tx.Txid, op)
		}
		delete(utxos, op)
		if delta != nil && c.addr != "" {
			delta[c.addr] -= c.sats
		}
	}
	for _, out := range tx.Vout {
		sats := btcSats(t, out.Value)
		a := out.ScriptPubKey.Address
		if a == "" {
			continue // OP_RETURN, the witness commitment
		}
		utxos[fmt.Sprintf("%s:%d", tx.Txid, out.N)] = coin{addr: a, sats: sats}
		bc.btcAddrs[a] = true
		if delta != nil {
			delta[a] += sats
		}
	}
}

// btcSats converts a BTC amount as the RPC prints it to satoshis exactly.
func btcSats(t *testing.T, v json.Number) int64 {
	t.Helper()
	r, ok := new(big.Rat).SetString(v.String())
	if !ok {
		t.Fatalf("bad amount %q", v)
	}
	r.Mul(r, big.NewRat(1e8, 1))
	if !r.IsInt() {
		t.Fatalf("amount %q is not a whole number of satoshis", v)
	}
	return r.Num().Int64()
}

// esploraAddr is the explorer's /api/address/{addr}.
type esploraAddr struct {
	Address    string `json:"address"`
	ChainStats struct {
		FundedSum int64 `json:"funded_txo_sum"`
		SpentSum  int64 `json:"spent_txo_sum"`
	} `json:"chain_stats"`
	MempoolStats struct {
		FundedSum int64 `json:"funded_txo_sum"`
		SpentSum  int64 `json:"spent_txo_sum"`
	} `json:"mempool_stats"`
}

// explorerBTC returns the explorer's confirmed balance and mempool change of
// addr.
func (bc *balanceChecker) explorerBTC(addr string) (chain, pool int64, err error) {
	code, body, err := bc.n.get("/api/address/" + url.PathEscape(addr))
	if err != nil {
		return 0, 0, err
	}
	if code != 200 {
		return 0, 0, fmt.Errorf("HTTP %d: %s", code, strings.TrimSpace(string(body)))
	}
	var a esploraAddr
	if err := json.Unmarshal(body, &a); err != nil {
		return 0, 0, err
	}
	return a.ChainStats.FundedSum - a.ChainStats.SpentSum, a.MempoolStats.FundedSum - a.MempoolStats.SpentSum, nil
}

// scanBalance asks the node's scantxoutset for addr's confirmed balance;
// ok is false when the node does not have scantxoutset.
func (bc *balanceChecker) scanBalance(t *testing.T, addr string) (sats int64, ok bool) {
	t.Helper()
	if bc.noScanSet {
		return 0, false
	}
	var res struct {
		Success     bool        `json:"success"`
		TotalAmount json.Number `json:"total_amount"`
	}
	err := bc.n.btcErr("", "scantxoutset", &res, "start", []any{map[string]any{"desc": "addr(" + addr + ")"}})
	var rpcErr *jsonrpc.Error
	if errors.As(err, &rpcErr) && rpcErr.Code == -32601 {
		bc.noScanSet = true
		t.Logf("the node has no scantxoutset (%v): UTXO balances are checked against the UTXO set rebuilt from getblock instead", err)
		return 0, false
	}
	if err != nil {
		t.Fatalf("scantxoutset addr(%s): %v", addr, err)
	}
	if !res.Success {
		t.Fatalf("scantxoutset addr(%s) did not succeed", addr)
	}
	return btcSats(t, res.TotalAmount), true
}

// walletOf returns the wallet (of bc.wallets) that owns addr, or "".
func (bc *balanceChecker) walletOf(t *testing.T, addr string) string {
	t.Helper()
	if w, ok := bc.ismine[addr]; ok {
		return w
	}
	owner := ""
	for _, w := range bc.wallets {
		var info struct {
			IsMine bool `json:"ismine"`
		}
		bc.n.btc(t, w, "getaddressinfo", &info, addr)
		if info.IsMine {
			owner = w
		}
	}
	bc.ismine[addr] = owner
	return owner
}

// check compares every balance, polling the explorer (whose indexes follow
// the chains' notifications) until it agrees or the wait runs out.
func (bc *balanceChecker) check(t *testing.T, stage string) {
	t.Helper()
	start := time.Now()
	n := bc.n
	n.waitExplorerSynced(t)

	// The node's side, computed once: the chains do not move meanwhile.
	chain, pool := bc.nodeBTCBalances(t)
	addrs := make([]string, 0, len(bc.btcAddrs))
	for a := range bc.btcAddrs {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	scanned := 0
	for _, a := range addrs {
		sats, ok := bc.scanBalance(t, a)
		if ok {
			scanned++
		}
		if ok && sats != chain[a] {
			t.Errorf("%s: scantxoutset says %d sat for %s, the node's blocks %d", stage, sats, a, chain[a])
		}
	}
	walletWant := map[string]int64{}
	for _, w := range bc.wallets {
		var b struct {
			Mine struct {
				Trusted          json.Number `json:"trusted"`
				UntrustedPending json.Number `json:"untrusted_pending"`
				Immature         json.Number `json:"immature"`
			} `json:"mine"`
		}
		n.btc(t, w, "getbalances", &b)
		walletWant[w] = btcSats(t, b.Mine.Trusted) + btcSats(t, b.Mine.UntrustedPending) + btcSats(t, b.Mine.Immature)
	}
	owner := map[string]string{}
	for _, a := range addrs {
		owner[a] = bc.walletOf(t, a)
	}
	ethAddrs := bc.ethAddresses(t)
	ethWant := map[string]*big.Int{}
	ethNonce := map[string]uint64{}
	for _, a := range ethAddrs {
		var bal, nonce string
		n.eth(t, "eth_getBalance", &bal, a, "latest")
		n.eth(t, "eth_getTransactionCount", &nonce, a, "latest")
		ethWant[a] = hexBig(t, bal)
		ethNonce[a] = hexUint(t, nonce)
	}

	// The explorer's side, polled until it agrees.
	var diffs []string
	waitFor(t, rpcTimeout, stage+": the explorer's balances equal the node's", func() string {
		diffs = diffs[:0]
		walletGot := map[string]int64{}
		for _, a := range addrs {
			c, p, err := bc.explorerBTC(a)
			if err != nil {
				diffs = append(diffs, fmt.Sprintf("%s: %v", a, err))
				continue
			}
			if c != chain[a] || p != pool[a] {
				diffs = append(diffs, fmt.Sprintf("UTXO %s: explorer %d sat confirmed %+d sat mempool, node %d %+d", a, c, p, chain[a], pool[a]))
			}
			if w := owner[a]; w != "" {
				walletGot[w] += c + p
			}
		}
		for _, w := range bc.wallets {
			if walletGot[w] != walletWant[w] {
				diffs = append(diffs, fmt.Sprintf("wallet %s: the explorer's balances of its addresses add up to %d sat, getbalances (trusted+untrusted_pending+immature) %d", w, walletGot[w], walletWant[w]))
			}
		}
		for _, a := range ethAddrs {
			var got struct {
				Balance string `json:"balance"`
				Nonce   uint64 `json:"nonce"`
			}
			code, body, err := n.get("/api/eth/address/" + a)
			if err == nil && code != 200 {
				err = fmt.Errorf("HTTP %d: %s", code, strings.TrimSpace(string(body)))
			}
			if err == nil {
				err = json.Unmarshal(body, &got)
			}
			if err != nil {
				diffs = append(diffs, fmt.Sprintf("account %s: %v", a, err))
				continue
			}
			if got.Balance != ethWant[a].String() || got.Nonce != ethNonce[a] {
				diffs = append(diffs, fmt.Sprintf("account %s: explorer %s wei nonce %d, eth_getBalance %s nonce %d", a, got.Balance, got.Nonce, ethWant[a], ethNonce[a]))
			}
		}
		return strings.Join(diffs, "\n\t")
	})
	t.Logf("%s: %d UTXO addresses (%d also by scantxoutset), %d wallets and %d accounts agree (%v)", stage, len(addrs), scanned, len(bc.wallets), len(ethAddrs), time.Since(start).Round(time.Millisecond))
}

// ethAddresses returns the scenario's accounts plus every block's miner.
func (bc *balanceChecker) ethAddresses(t *testing.T) []string {
	t.Helper()
	var head string
	bc.n.eth(t, "eth_blockNumber", &head)
	for i := uint64(0); i <= hexUint(t, head); i++ {
		var b struct {
			Miner string `json:"miner"`
		}
		bc.n.eth(t, "eth_getBlockByNumber", &b, fmt.Sprintf("0x%x", i), false)
		bc.ethAddrs[strings.ToLower(b.Miner)] = true
	}
	out := make([]string, 0, len(bc.ethAddrs))
	for a := range bc.ethAddrs {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}
