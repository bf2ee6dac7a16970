package miningrpc

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

func TestGenerate(t *testing.T) {
	e := newEnv(t)
	var hashes []string
	e.call("generatetoaddress", &hashes, 3, e.addr)
	if len(hashes) != 3 || e.chain.BestHeight() != 3 || hashes[2] != e.chain.BestHash().String() {
		t.Fatalf("hashes %v at height %d", hashes, e.chain.BestHeight())
	}
	wantErr(t, e.callErr("generatetoaddress", 1, "notanaddress"), jsonrpc.CodeInvalidAddressOrKey, "Error: Invalid address")
	e.call("generatetoaddress", &hashes, 0, e.addr)
	if len(hashes) != 0 {
		t.Fatal("0 blocks mined something")
	}
	// maxtries 0: nothing, as Core.
	e.call("generatetoaddress", &hashes, 2, e.addr, 0)
	if len(hashes) != 0 {
		t.Fatal("maxtries 0 mined something")
	}

	pk := e.dest.Keys[0].PubKey()
	pub := hex.EncodeToString(pk[:])
	e.call("generatetodescriptor", &hashes, 2, "wpkh("+pub+")")
	if len(hashes) != 2 || e.chain.BestHeight() != 5 {
		t.Fatalf("descriptor: %v", hashes)
	}
	blk, _ := e.chain.BlockByHeight(5)
	if !slices.Equal(blk.Txs[0].Outputs[0].ScriptPubKey, e.dest.ScriptPubKey) {
		t.Fatal("descriptor coinbase pays elsewhere")
	}
	je := e.callErr("generatetodescriptor", 1, "wpkh(nothex)")
	if je.Code != jsonrpc.CodeInvalidAddressOrKey {
		t.Fatalf("bad descriptor: %v", je)
	}
	wantErr(t, e.callErr("generatetodescriptor", 1, "wpkh(tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ76uZPStJRJCTKvosUCJZL5B/*)"),
		jsonrpc.CodeInvalidParameter, "Ranged descriptor not accepted. Maybe pass through deriveaddresses first?")
}

func TestTemplateAndSubmit(t *testing.T) {
	e := newEnv(t)
	var hashes []string
	e.call("generatetoaddress", &hashes, 101, e.addr)
	tx := e.spendCoinbase(1, 10_000)
	if _, err := e.pool.AcceptTransaction(tx); err != nil {
		t.Fatal(err)
	}

	wantErr(t, e.callErr("getblocktemplate", map[string]any{}), jsonrpc.CodeInvalidParameter,
		`getblocktemplate must be called with the segwit rule set (call with {"rules": ["segwit"]})`)
	wantErr(t, e.callErr("getblocktemplate", map[string]any{"mode": "x", "rules": []string{"segwit"}}), jsonrpc.CodeInvalidParameter, "Invalid mode")

	raw := e.raw("getblocktemplate", map[string]any{"rules": []string{"segwit"}})
	var gbt gbtResult
	if err := json.Unmarshal(raw, &gbt); err != nil {
		t.Fatal(err)
	}
	keys := []string{`"capabilities"`, `"version"`, `"rules"`, `"vbavailable"`, `"vbrequired"`, `"previousblockhash"`, `"transactions"`,
		`"coinbaseaux"`, `"coinbasevalue"`, `"longpollid"`, `"target"`, `"mintime"`, `"mutable"`, `"noncerange"`, `"sigoplimit"`,
		`"sizelimit"`, `"weightlimit"`, `"curtime"`, `"bits"`, `"height"`, `"default_witness_commitment"`}
	last := -1
	for _, k := range keys {
		i := strings.Index(string(raw), k)
		if i < last {
			t.Fatalf("field %s out of Core's order in %s", k, raw)
		}
		last = i
	}
	if gbt.Height != 102 || len(gbt.Transactions) != 1 || gbt.Transactions[0].TxID != tx.TxHash().String() ||
		gbt.Transactions[0].Fee != 10_000 || gbt.CoinbaseValue != 50_0000_0000+10_000 || gbt.Bits != "207fffff" ||
		!slices.Equal(gbt.Rules, []string{"csv", "!segwit", "taproot"}) || gbt.Target != "7fffff0000000000000000000000000000000000000000000000000000000000" {
		t.Fatalf("template %s", raw)
	}
	var info struct {
		CurrentBlockTx *int64 `json:"currentblocktx"`
		Blocks         int64  `json:"blocks"`
		PooledTx       int64  `json:"pooledtx"`
		Chain          string `json:"chain"`
		Next           struct {
			Height int64 `json:"height"`
		} `json:"next"`
	}
	e.call("getmininginfo", &info)
	if info.CurrentBlockTx == nil || *info.CurrentBlockTx != 1 || info.Blocks != 101 || info.PooledTx != 1 || info.Chain != "regtest" || info.Next.Height != 102 {
		t.Fatalf("getmininginfo %+v", info)
	}

	// Build the block from the template as a miner would and submit it.
	t1, err := e.svc.Generator().NewTemplate(e.dest.ScriptPubKey)
	if err != nil {
		t.Fatal(err)
	}
	blk, ok, _, _ := t1.Solve(t.Context(), 0)
	if !ok {
		t.Fatal("no solution")
	}
	blockHex := hex.EncodeToString(blk.Bytes())
	var proposal any = "unset"
	e.call("getblocktemplate", &proposal, map[string]any{"mode": "proposal", "data": blockHex})
	if proposal != nil {
		t.Fatalf("proposal: %v", proposal)
	}
	var res any = "unset"
	e.call("submitblock", &res, blockHex)
	if res != nil || e.chain.BestHash() != blk.Header.BlockHash() || e.pool.Count() != 0 {
		t.Fatalf("submitblock: %v", res)
	}
	e.call("submitblock", &res, blockHex)
	if res != "duplicate" {
		t.Fatalf("resubmit: %v", res)
	}
	e.call("getblocktemplate", &proposal, map[string]any{"mode": "proposal", "data": blockHex})
	if proposal != "duplicate" {
		t.Fatalf("proposal of a known block: %v", proposal)
	}
	wantErr(t, e.callErr("submitblock", "00"), jsonrpc.CodeDeserializationError, "Block decode failed")

	// A broken merkle root is a rejection reason, not an error.
	t2, _ := e.svc.Generator().NewTemplate(e.dest.ScriptPubKey)
	t2.Block.Header.MerkleRoot[0] ^= 1
	bad, _, _, _ := t2.Solve(t.Context(), 0)
	e.call("submitblock", &res, hex.EncodeToString(bad.Bytes()))
	if res != "bad-txnmrklroot" {
		t.Fatalf("bad merkle root: %v", res)
	}

	// submitheader
	hdr := primitives.Header{Version: 4, PrevBlock: [32]byte{9}, Bits: 0x207fffff}
	wantErr(t, e.callErr("submitheader", hex.EncodeToString(hdr.Bytes())), jsonrpc.CodeVerifyError,
		fmt.Sprintf("Must submit previous header (%s) first", hdr.PrevBlock))
	wantErr(t, e.callErr("submitheader", "00"), jsonrpc.CodeDeserializationError, "Block header decode failed")
	t3, _ := e.svc.Generator().NewTemplate(e.dest.ScriptPubKey)
	good, _, _, _ := t3.Solve(t.Context(), 0)
	e.call("submitheader", &res, hex.EncodeToString(good.Header.Bytes()))
	if res != nil {
		t.Fatalf("submitheader: %v", res)
	}

	var hps float64
	e.call("getnetworkhashps", &hps)
	if hps <= 0 {
		t.Fatalf("networkhashps %v", hps)
	}
	wantErr(t, e.callErr("getnetworkhashps", 0), jsonrpc.CodeInvalidParameter, "Invalid nblocks. Must be a positive number or -1.")
	wantErr(t, e.callErr("getnetworkhashps", 120, 1000), jsonrpc.CodeInvalidParameter, "Block does not exist at specified height")
}

func TestGenerateBlock(t *testing.T) {
	e := newEnv(t)
	var hashes []string
	e.call("generatetoaddress", &hashes, 102, e.addr)
	inPool := e.spendCoinbase(1, 5_000)
	if _, err := e.pool.AcceptTransaction(inPool); err != nil {
		t.Fatal(err)
	}
	other := e.spendCoinbase(2, 5_000)

	var r generateBlockResult
	e.call("generateblock", &r, e.addr, []string{inPool.TxHash().String(), hex.EncodeToString(other.Bytes())}, false)
	if r.Hex == "" || e.chain.BestHeight() != 102 {
		t.Fatalf("submit=false: %+v", r)
	}
	r = generateBlockResult{}
	e.call("generateblock", &r, e.addr, []string{inPool.TxHash().String(), hex.EncodeToString(other.Bytes())})
	if r.Hex != "" || e.chain.BestHash().String() != r.Hash {
		t.Fatalf("submit: %+v", r)
	}
	blk, _ := e.chain.BlockByHeight(103)
	if len(blk.Txs) != 3 || blk.Txs[1].TxHash() != inPool.TxHash() || blk.Txs[0].Outputs[0].Value != 50_0000_0000 {
		t.Fatalf("block %d txs", len(blk.Txs))
	}
	// An empty block; then a transaction already confirmed is caught before
	// mining: its outputs exist, so BIP30 (checked first, as in Core's
	// ConnectBlock, and always enforced on regtest) rejects it.
	e.call("generateblock", &r, e.addr, []string{})
	je := e.callErr("generateblock", e.addr, []string{hex.EncodeToString(other.Bytes())})
	if je.Code != jsonrpc.CodeVerifyError || !strings.HasPrefix(je.Message, "TestBlockValidity failed: bad-txns-BIP30, ") {
		t.Fatalf("spent input: %v", je)
	}
	missing := "00000000000000000000000000000000000000000000000000000000000000aa"
	wantErr(t, e.callErr("generateblock", e.addr, []string{missing}), jsonrpc.CodeInvalidAddressOrKey, "Transaction "+missing+" not in mempool.")
	wantErr(t, e.callErr("generateblock", e.addr, []string{"zz"}), jsonrpc.CodeDeserializationError, "Transaction decode failed for zz. Make sure the tx has at least one input.")
	wantErr(t, e.callErr("generateblock", "nope", []string{}), jsonrpc.CodeInvalidAddressOrKey, "Error: Invalid address or descriptor")
}

func TestPrioritise(t *testing.T) {
	e := newEnv(t)
	var hashes []string
	e.call("generatetoaddress", &hashes, 101, e.addr)
	tx := e.spendCoinbase(1, 1_000)
	if _, err := e.pool.AcceptTransaction(tx); err != nil {
		t.Fatal(err)
	}
	var ok bool
	e.call("prioritisetransaction", &ok, tx.TxHash().String(), 0, 4_000)
	absent := strings.Repeat("ab", 32)
	e.call("prioritisetransaction", &ok, absent, nil, -7)
	var got map[string]prioritised
	e.call("getprioritisedtransactions", &got)
	p := got[tx.TxHash().String()]
	if len(got) != 2 || p.FeeDelta != 4_000 || !p.InMempool || p.ModifiedFee == nil || *p.ModifiedFee != 5_000 {
		t.Fatalf("%+v", got)
	}
	if q := got[absent]; q.InMempool || q.ModifiedFee != nil || q.FeeDelta != -7 {
		t.Fatalf("absent %+v", q)
	}
	wantErr(t, e.callErr("prioritisetransaction", tx.TxHash().String(), 1, 10), jsonrpc.CodeInvalidParameter,
		"Priority is no longer supported, dummy argument to prioritisetransaction must be 0.")
	wantErr(t, e.callErr("prioritisetransaction", "abc", 0, 10), jsonrpc.CodeInvalidParameter, "txid must be of length 64 (not 3, for 'abc')")
	wantErr(t, e.callErr("prioritisetransaction", strings.Repeat("x", 64), 0, 10), jsonrpc.CodeInvalidParameter,
		"txid must be hexadecimal string (not '"+strings.Repeat("x", 64)+"')")
}

func TestEstimateFee(t *testing.T) {
	e := newEnv(t)
	var r smartFeeResultJSON
	e.call("estimatesmartfee", &r, 6)
	if r.FeeRate != nil || len(r.Errors) != 1 || r.Errors[0] != "Insufficient data or no feerate found" {
		t.Fatalf("%+v", r)
	}
	wantErr(t, e.callErr("estimatesmartfee", 0), jsonrpc.CodeInvalidParameter, "Invalid conf_target, must be between 1 and 1008")
	wantErr(t, e.callErr("estimatesmartfee", 1009), jsonrpc.CodeInvalidParameter, "Invalid conf_target, must be between 1 and 1008")
	wantErr(t, e.callErr("estimatesmartfee", 6, "fast"), jsonrpc.CodeInvalidParameter,
		`Invalid estimate_mode parameter, must be one of: "unset", "economical", "conservative"`)
	e.call("estimatesmartfee", &r, 6, "CONSERVATIVE")

	raw := e.raw("estimaterawfee", 6)
	if !strings.HasPrefix(string(raw), `{"short":{"decay":0.962,"scale":1,"fail":{"startrange":0,"endrange":1e+99,`) || !strings.Contains(string(raw), `"medium"`) {
		t.Fatalf("estimaterawfee %s", raw)
	}
	if raw := e.raw("estimaterawfee", 100); strings.Contains(string(raw), "short") || !strings.Contains(string(raw), "long") {
		t.Fatalf("estimaterawfee 100 %s", raw)
	}
	wantErr(t, e.callErr("estimaterawfee", 6, 2), jsonrpc.CodeInvalidParameter, "Invalid threshold")
}

type smartFeeResultJSON struct {
	FeeRate *float64 `json:"feerate"`
	Errors  []string `json:"errors"`
	Blocks  int      `json:"blocks"`
}

func TestLongPoll(t *testing.T) {
	e := newEnv(t)
	var hashes []string
	e.call("generatetoaddress", &hashes, 1, e.addr)
	var first gbtResult
	e.call("getblocktemplate", &first, map[string]any{"rules": []string{"segwit"}})
	done := make(chan gbtResult, 1)
	go func() {
		var next gbtResult
		if err := e.client.Call(t.Context(), "getblocktemplate", []any{map[string]any{"rules": []string{"segwit"}, "longpollid": first.LongPollID}}, &next); err != nil {
			t.Error(err)
		}
		done <- next
	}()
	select {
	case <-done:
		t.Fatal("long poll returned before the tip changed")
	case <-time.After(400 * time.Millisecond):
	}
	e.call("generatetoaddress", &hashes, 1, e.addr)
	select {
	case next := <-done:
		if next.Height != first.Height+1 {
			t.Fatalf("long poll gave height %d", next.Height)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("long poll did not return")
	}
}

// badSignature returns a copy of tx whose first input's signature no
// longer verifies (still strict DER).
func badSignature(tx *primitives.Tx) *primitives.Tx {
	bad := *tx
	bad.Inputs = append([]primitives.TxIn(nil), tx.Inputs...)
	w := append([][]byte(nil), tx.Inputs[0].Witness...)
	w[0] = append([]byte(nil), w[0]...)
	w[0][10] ^= 1 // inside r
	bad.Inputs[0].Witness = w
	return &bad
}

// TestBlockValidityRPC covers the TestBlockValidity paths of generateblock
// and getblocktemplate's proposal mode: Core's BIP22 strings and
// RPC_VERIFY_ERROR messages, and that nothing reaches the chain.
func TestBlockValidityRPC(t *testing.T) {
	e := newEnv(t)
	var hashes []string
	e.call("generatetoaddress", &hashes, 102, e.addr)
	tipHash, tipHeight := e.chain.BestHash(), e.chain.BestHeight()
	good := e.spendCoinbase(1, 5_000)
	bad := badSignature(e.spendCoinbase(2, 5_000))

	je := e.callErr("generateblock", e.addr, []string{hex.EncodeToString(bad.Bytes())})
	if je.Code != jsonrpc.CodeVerifyError || !strings.HasPrefix(je.Message, "TestBlockValidity failed: mandatory-script-verify-flag-failed (") {
		t.Fatalf("bad signature: %v", je)
	}
	missing := *good
	missing.Inputs = []primitives.TxIn{{PrevOut: primitives.OutPoint{Hash: chainhash.Hash{1}}, Witness: good.Inputs[0].Witness}}
	je = e.callErr("generateblock", e.addr, []string{hex.EncodeToString(missing.Bytes())})
	if je.Code != jsonrpc.CodeVerifyError || !strings.HasPrefix(je.Message, "TestBlockValidity failed: bad-txns-inputs-missingorspent, ") {
		t.Fatalf("missing input: %v", je)
	}
	if e.chain.BestHash() != tipHash {
		t.Fatal("the tip moved")
	}

	proposal := func(b *primitives.Block) any {
		t.Helper()
		var res any = "unset"
		e.call("getblocktemplate", &res, map[string]any{"mode": "proposal", "data": hex.EncodeToString(b.Bytes())})
		return res
	}
	template := func(txs ...*primitives.Tx) *primitives.Block {
		t.Helper()
		tpl, err := e.svc.Generator().NewTemplateWithTxs(e.dest.ScriptPubKey, txs)
		if err != nil {
			t.Fatal(err)
		}
		return tpl.Block
	}
	unsolved := func(b *primitives.Block) *primitives.Block {
		for consensus.CheckProofOfWork(b.Header.BlockHash(), b.Header.Bits, e.params) {
			b.Header.Nonce++
		}
		return b
	}
	cases := []struct {
		name  string
		block func() *primitives.Block
		want  any
	}{
		{"valid-unsolved", func() *primitives.Block { return unsolved(template(good)) }, nil},
		{"bad-signature", func() *primitives.Block { return template(bad) },
			"mandatory-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)"},
		{"missing-input", func() *primitives.Block { return template(&missing) }, "bad-txns-inputs-missingorspent"},
		{"bad-merkle-root", func() *primitives.Block {
			b := template(good)
			b.Header.MerkleRoot[0] ^= 1
			return b
		}, "bad-txnmrklroot"},
		{"bad-cb-amount", func() *primitives.Block {
			b := template()
			b.Txs[0].Outputs[0].Value++
			b.Header.MerkleRoot, _ = primitives.ComputeMerkleRoot(b.TxHashes())
			return b
		}, "bad-cb-amount"},
		{"not-on-tip", func() *primitives.Block {
			b := template()
			prev, _ := e.chain.BlockHashByHeight(tipHeight - 1)
			b.Header.PrevBlock = prev
			return b
		}, "inconclusive-not-best-prevblk"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.block()
			if got := proposal(b); got != tc.want {
				t.Errorf("proposal: %v, want %v", got, tc.want)
			}
			if _, err := e.chain.BlockInfo(b.Header.BlockHash()); err == nil {
				t.Error("the proposed block is in the index")
			}
			if e.chain.BestHash() != tipHash {
				t.Error("the tip moved")
			}
		})
	}
	// The valid transaction still mines.
	var r generateBlockResult
	e.call("generateblock", &r, e.addr, []string{hex.EncodeToString(good.Bytes())})
	if e.chain.BestHash().String() != r.Hash || e.chain.BestHeight() != tipHeight+1 {
		t.Fatalf("generateblock: %+v", r)
	}
}
