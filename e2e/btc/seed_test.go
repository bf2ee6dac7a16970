package btc

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var hashRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// amount parses a BTC amount printed by the node into satoshis.
func amount(t *testing.T, s string) int64 {
	t.Helper()
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	if len(frac) > 8 {
		t.Fatalf("amount %q has more than 8 decimals", s)
	}
	frac += strings.Repeat("0", 8-len(frac))
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("amount %q is not a decimal number", s)
	}
	v := w*100_000_000 + f
	if neg {
		v = -v
	}
	return v
}

// TestSeedFlow is the seed project's flow end to end through
// twinchain-cli: two wallets, addresses, 101 blocks, a payment, a block,
// both balances, the transaction with its confirmations, and any block and
// transaction printed.
func TestSeedFlow(t *testing.T) {
	n := startNode(t, "-txindex")

	var created struct {
		Name string `json:"name"`
	}
	for _, w := range []string{"alice", "bob"} {
		n.cliJSON(&created, "createwallet", w)
		if created.Name != w {
			t.Fatalf("createwallet %s: name %q", w, created.Name)
		}
	}
	var wallets []string
	n.cliJSON(&wallets, "listwallets")
	if !slices.Contains(wallets, "alice") || !slices.Contains(wallets, "bob") {
		t.Fatalf("listwallets = %v, want alice and bob", wallets)
	}

	aliceAddr := n.cli("-rpcwallet=alice", "getnewaddress")
	bobAddr := n.cli("-rpcwallet=bob", "getnewaddress")
	if !strings.HasPrefix(aliceAddr, "bcrt1") || !strings.HasPrefix(bobAddr, "bcrt1") {
		t.Fatalf("getnewaddress: %q, %q; want regtest bech32 addresses", aliceAddr, bobAddr)
	}
	start := n.cli("getblockcount")

	// -generate (getnewaddress + generatetoaddress) for one block, then
	// generatetoaddress for 100 more: 101 blocks, one mature coinbase.
	var gen struct {
		Address string   `json:"address"`
		Blocks  []string `json:"blocks"`
	}
	n.cliJSON(&gen, "-rpcwallet=alice", "-generate", "1")
	if len(gen.Blocks) != 1 || !hashRE.MatchString(gen.Blocks[0]) || !strings.HasPrefix(gen.Address, "bcrt1") {
		t.Fatalf("-generate 1 = %+v", gen)
	}
	var hashes []string
	n.cliJSON(&hashes, "generatetoaddress", "100", aliceAddr)
	if len(hashes) != 100 {
		t.Fatalf("generatetoaddress 100: %d hashes", len(hashes))
	}
	if got, want := n.cli("getblockcount"), strconv.Itoa(atoiT(t, start)+101); got != want {
		t.Fatalf("getblockcount after mining 101 = %s, want %s", got, want)
	}
	if got := n.cli("getbestblockhash"); got != hashes[99] {
		t.Fatalf("getbestblockhash = %s, want the last generated %s", got, hashes[99])
	}
	if got := n.cli("-rpcwallet=alice", "getbalance"); amount(t, got) != 50*1e8 {
		t.Fatalf("alice getbalance after 101 blocks = %s, want 50.00000000", got)
	}
	if got := n.cli("-rpcwallet=bob", "getbalance"); amount(t, got) != 0 {
		t.Fatalf("bob getbalance = %s, want 0", got)
	}

	// Alice pays Bob 10 BTC; the payment waits in the mempool.
	txid := n.cli("-rpcwallet=alice", "sendtoaddress", bobAddr, "10")
	if !hashRE.MatchString(txid) {
		t.Fatalf("sendtoaddress printed %q, want a txid", txid)
	}
	var mempool []string
	n.cliJSON(&mempool, "getrawmempool")
	if !slices.Contains(mempool, txid) {
		t.Fatalf("getrawmempool = %v, missing %s", mempool, txid)
	}
	var pending struct {
		Confirmations json.Number `json:"confirmations"`
	}
	n.cliJSON(&pending, "-rpcwallet=bob", "gettransaction", txid)
	if pending.Confirmations.String() != "0" {
		t.Fatalf("bob gettransaction before mining: confirmations %s, want 0", pending.Confirmations)
	}

	// One more block confirms it.
	n.cliJSON(&gen, "-rpcwallet=alice", "-generate", "1")
	one := gen.Blocks
	if len(one) != 1 {
		t.Fatalf("-generate 1 = %+v", gen)
	}
	n.cliJSON(&mempool, "getrawmempool")
	if len(mempool) != 0 {
		t.Fatalf("getrawmempool after mining = %v, want empty", mempool)
	}
	if got := n.cli("-rpcwallet=bob", "getbalance"); amount(t, got) != 10*1e8 {
		t.Fatalf("bob getbalance = %s, want 10.00000000", got)
	}
	// Alice: two mature coinbases (100) minus 10 minus the fee.
	aliceBal := amount(t, n.cli("-rpcwallet=alice", "getbalance"))
	if fee := 90*1e8 - aliceBal; fee <= 0 || fee > 1e6 {
		t.Fatalf("alice getbalance = %d sat, want 90 BTC minus a fee of at most 0.01", aliceBal)
	}

	var bobTx struct {
		Amount        json.Number `json:"amount"`
		Confirmations json.Number `json:"confirmations"`
		BlockHash     string      `json:"blockhash"`
		TxID          string      `json:"txid"`
		Hex           string      `json:"hex"`
		Details       []struct {
			Address  string      `json:"address"`
			Category string      `json:"category"`
			Amount   json.Number `json:"amount"`
		} `json:"details"`
	}
	n.cliJSON(&bobTx, "-rpcwallet=bob", "gettransaction", txid)
	if bobTx.TxID != txid || bobTx.Confirmations.String() != "1" || amount(t, bobTx.Amount.String()) != 10*1e8 || bobTx.BlockHash != one[0] {
		t.Fatalf("bob gettransaction = txid %s confirmations %s amount %s blockhash %s; want %s, 1, 10, %s",
			bobTx.TxID, bobTx.Confirmations, bobTx.Amount, bobTx.BlockHash, txid, one[0])
	}
	if len(bobTx.Details) != 1 || bobTx.Details[0].Category != "receive" || bobTx.Details[0].Address != bobAddr {
		t.Fatalf("bob gettransaction details = %+v, want one receive to %s", bobTx.Details, bobAddr)
	}
	var aliceTx struct {
		Amount        json.Number `json:"amount"`
		Fee           json.Number `json:"fee"`
		Confirmations json.Number `json:"confirmations"`
	}
	n.cliJSON(&aliceTx, "-rpcwallet=alice", "gettransaction", txid)
	if amount(t, aliceTx.Amount.String()) != -10*1e8 || amount(t, aliceTx.Fee.String()) >= 0 || aliceTx.Confirmations.String() != "1" {
		t.Fatalf("alice gettransaction = amount %s fee %s confirmations %s; want -10, a negative fee, 1", aliceTx.Amount, aliceTx.Fee, aliceTx.Confirmations)
	}

	// Print the block and the transaction.
	var block struct {
		Hash          string      `json:"hash"`
		Height        json.Number `json:"height"`
		Confirmations json.Number `json:"confirmations"`
		Tx            []string    `json:"tx"`
	}
	n.cliJSON(&block, "getblock", one[0])
	if block.Hash != one[0] || len(block.Tx) != 2 || block.Tx[1] != txid || block.Confirmations.String() != "1" {
		t.Fatalf("getblock %s = %+v, want the coinbase and %s with 1 confirmation", one[0], block, txid)
	}
	if raw := n.cli("getblock", one[0], "0"); len(raw) < 160 || strings.Trim(raw, "0123456789abcdef") != "" {
		t.Fatalf("getblock %s 0 printed %q, want hex", one[0], raw)
	}
	var block2 struct {
		Tx []struct {
			TxID string `json:"txid"`
			Vout []struct {
				Value json.Number `json:"value"`
			} `json:"vout"`
		} `json:"tx"`
	}
	n.cliJSON(&block2, "getblock", one[0], "2")
	if len(block2.Tx) != 2 || block2.Tx[1].TxID != txid {
		t.Fatalf("getblock %s 2: %d transactions", one[0], len(block2.Tx))
	}
	genesis := n.cli("getblockhash", "0")
	var header struct {
		Height json.Number `json:"height"`
		Hash   string      `json:"hash"`
	}
	n.cliJSON(&header, "getblockheader", genesis)
	if header.Hash != genesis || header.Height.String() != "0" {
		t.Fatalf("getblockheader %s = %+v", genesis, header)
	}

	var rawTx struct {
		TxID          string      `json:"txid"`
		Hex           string      `json:"hex"`
		BlockHash     string      `json:"blockhash"`
		Confirmations json.Number `json:"confirmations"`
	}
	n.cliJSON(&rawTx, "getrawtransaction", txid, "true", one[0])
	if rawTx.TxID != txid || rawTx.BlockHash != one[0] || rawTx.Confirmations.String() != "1" || rawTx.Hex != bobTx.Hex {
		t.Fatalf("getrawtransaction %s true <blockhash> = txid %s blockhash %s confirmations %s", txid, rawTx.TxID, rawTx.BlockHash, rawTx.Confirmations)
	}
	// With -txindex the block hash is not needed.
	if hex := n.cli("getrawtransaction", txid); hex != bobTx.Hex {
		t.Fatalf("getrawtransaction %s (txindex) = %.40s..., want the wallet's hex", txid, hex)
	}
	var decoded struct {
		TxID string `json:"txid"`
	}
	n.cliJSON(&decoded, "decoderawtransaction", bobTx.Hex)
	if decoded.TxID != txid {
		t.Fatalf("decoderawtransaction: txid %s, want %s", decoded.TxID, txid)
	}

	// -getinfo and -named.
	info := n.cli("-rpcwallet=alice", "-getinfo")
	height := atoiT(t, start) + 102
	for _, want := range []string{"Chain: regtest\n", "Blocks: " + strconv.Itoa(height) + "\n", "Wallet: alice\n", "Balance: "} {
		if !strings.Contains(info, want) {
			t.Fatalf("-getinfo output misses %q:\n%s", want, info)
		}
	}
	if got := n.cli("-named", "getblockhash", "height=0"); got != genesis {
		t.Fatalf("-named getblockhash height=0 = %s, want %s", got, genesis)
	}
	// Positional and named together: bitcoin-cli sends the positional ones
	// in "args", which Core's server accepts since v25.
	if out, errOut, status := n.cliRun("-named", "getblock", one[0], "verbosity=0"); status != 0 || strings.TrimSpace(out) != n.cli("getblock", one[0], "0") {
		t.Errorf("-named getblock <hash> verbosity=0 (positional + named, Core's \"args\"): exit %d, %s", status, strings.TrimSpace(errOut))
	}

	// Error output and status, as bitcoin-cli.
	_, errOut, status := n.cliRun("getblock", strings.Repeat("0", 64))
	if status != 5 || !strings.HasPrefix(errOut, "error code: -5\nerror message:\n") {
		t.Errorf("getblock of an unknown hash: exit %d, stderr %q; want exit 5 and error code -5", status, errOut)
	}
	_, errOut, status = n.cliRun("getbalance")
	if status != 19 || !strings.Contains(errOut, "-rpcwallet=<walletname>") {
		t.Errorf("getbalance with several wallets and no -rpcwallet: exit %d, stderr %q; want -19 with the -rpcwallet hint", status, errOut)
	}
}

func atoiT(t *testing.T, s string) int {
	t.Helper()
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		t.Fatalf("%q is not an integer", s)
	}
	return v
}
