package btcrpc

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TestSendRawTransactionAndMempool submits the transactions of the block
// held back from the chain and reads them through the mempool methods.
func TestSendRawTransactionAndMempool(t *testing.T) {
	env, gen := genEnv(t, true)
	next := gen.Blocks[len(gen.Blocks)-1]
	var accepted []*primitives.Tx
	var rejected int
	for _, tx := range next.Txs[1:] {
		res, rerr := env.call(t, "sendrawtransaction", hex.EncodeToString(tx.Bytes()), 0)
		if rerr != nil {
			if rerr.Code != -26 && rerr.Code != -25 {
				t.Fatalf("unexpected error %v", rerr)
			}
			rejected++
			continue
		}
		if unmarshal[string](t, res) != tx.TxHash().String() {
			t.Fatalf("txid %s", res)
		}
		accepted = append(accepted, tx)
	}
	t.Logf("sendrawtransaction: %d accepted, %d rejected by policy", len(accepted), rejected)
	if len(accepted) == 0 {
		t.Fatal("nothing accepted")
	}
	first := accepted[0]
	txid := first.TxHash().String()

	// Resending a pool transaction answers its txid.
	if res := env.mustCall(t, "sendrawtransaction", hex.EncodeToString(first.Bytes())); unmarshal[string](t, res) != txid {
		t.Fatal("resend")
	}
	// A confirmed transaction: its outputs are in the UTXO set.
	confirmed := gen.Blocks[len(gen.Blocks)-2].Txs[1]
	_, rerr := env.call(t, "sendrawtransaction", hex.EncodeToString(confirmed.Bytes()))
	wantCode(t, rerr, -27, "Transaction outputs already in utxo set")
	// Missing inputs.
	orphan := first.Copy()
	orphan.Inputs[0].PrevOut.Hash[0] ^= 0xff
	_, rerr = env.call(t, "sendrawtransaction", hex.EncodeToString(orphan.Bytes()), 0)
	wantCode(t, rerr, -25, "")
	if !strings.HasPrefix(rerr.Message, "bad-txns-inputs-missingorspent") {
		t.Fatalf("missing inputs message %q", rerr.Message)
	}
	// Fee above maxfeerate (the smallest positive rate).
	if len(accepted) > 1 {
		_, rerr = env.call(t, "sendrawtransaction", hex.EncodeToString(accepted[1].Bytes()), "0.00000001")
		if rerr != nil {
			t.Fatalf("pool tx with maxfeerate: %v", rerr)
		}
	}
	// maxburnamount.
	burn := &primitives.Tx{Version: 2, Inputs: first.Inputs, Outputs: []primitives.TxOut{{Value: 1000, ScriptPubKey: []byte{0x6a}}}}
	_, rerr = env.call(t, "sendrawtransaction", hex.EncodeToString(burn.Bytes()))
	wantCode(t, rerr, -25, "Unspendable output exceeds maximum configured by user (maxburnamount)")

	ids := unmarshal[[]string](t, env.mustCall(t, "getrawmempool"))
	if len(ids) != len(accepted) || !slices.Contains(ids, txid) {
		t.Fatalf("getrawmempool: %d ids, want %d", len(ids), len(accepted))
	}
	seq := unmarshal[rawMempoolSeq](t, env.mustCall(t, "getrawmempool", false, true))
	if len(seq.TxIDs) != len(accepted) {
		t.Fatalf("mempool_sequence form %+v", seq)
	}
	verbose := unmarshal[map[string]map[string]json.RawMessage](t, env.mustCall(t, "getrawmempool", true))
	if len(verbose) != len(accepted) || verbose[txid]["wtxid"] == nil {
		t.Fatalf("verbose getrawmempool: %d", len(verbose))
	}
	entry := string(env.mustCall(t, "getmempoolentry", txid))
	order := []string{"vsize", "weight", "time", "height", "descendantcount", "descendantsize", "ancestorcount", "ancestorsize", "wtxid", "fees", "depends", "spentby", "bip125-replaceable", "unbroadcast"}
	last := -1
	for _, k := range order {
		i := strings.Index(entry, `"`+k+`"`)
		if i <= last {
			t.Fatalf("getmempoolentry field %s out of order: %s", k, entry)
		}
		last = i
	}
	info := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "getmempoolinfo"))
	if unmarshal[int](t, info["size"]) != len(accepted) || !unmarshal[bool](t, info["loaded"]) {
		t.Fatalf("getmempoolinfo %v", info)
	}
	// A pool transaction's output is visible to gettxout with the mempool,
	// and what it spends is not.
	out := env.mustCall(t, "gettxout", txid, 0)
	if string(out) == "null" || unmarshal[int](t, unmarshal[map[string]json.RawMessage](t, out)["confirmations"]) != 0 {
		t.Fatalf("gettxout mempool output: %s", out)
	}
	if string(env.mustCall(t, "gettxout", txid, 0, false)) != "null" {
		t.Fatal("gettxout without mempool sees a pool output")
	}
	in := first.Inputs[0].PrevOut
	if string(env.mustCall(t, "gettxout", in.Hash.String(), in.Index)) != "null" {
		t.Fatal("gettxout shows an output spent in the pool")
	}
	// getrawtransaction finds pool transactions without a block.
	v := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "getrawtransaction", txid, true))
	if v["blockhash"] != nil || v["confirmations"] != nil {
		t.Fatalf("pool tx verbose: %v", v)
	}
	// Ancestors and descendants: find a chained pair if any.
	for _, tx := range accepted {
		anc := unmarshal[[]string](t, env.mustCall(t, "getmempoolancestors", tx.TxHash().String()))
		for _, a := range anc {
			desc := unmarshal[[]string](t, env.mustCall(t, "getmempooldescendants", a))
			if !slices.Contains(desc, tx.TxHash().String()) {
				t.Fatalf("descendants of %s lack %s", a, tx.TxHash())
			}
			vd := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "getmempooldescendants", a, true))
			if vd[tx.TxHash().String()] == nil {
				t.Fatal("verbose descendants")
			}
		}
	}
	// REST sees the pool.
	body, status := restGet(t, env, "/rest/mempool/contents.json?verbose=false")
	if status != 200 || !strings.Contains(body, txid) {
		t.Fatalf("REST contents %d %s", status, body)
	}
}

// fakeAccepter adds TestAcceptTransaction to a pool, answering from a fixed
// table.
type fakeAccepter struct {
	*mempool.Pool
	results map[[32]byte]error
	desc    mempool.TxDesc
}

func (f *fakeAccepter) TestAcceptTransaction(tx *primitives.Tx) (mempool.TxDesc, error) {
	if err, ok := f.results[tx.TxHash()]; ok {
		return mempool.TxDesc{}, err
	}
	d := f.desc
	d.TxID, d.WTxID = tx.TxHash(), tx.WitnessHash()
	return d, nil
}

func TestTestMempoolAccept(t *testing.T) {
	env, gen := genEnv(t, false)
	txs := gen.Blocks[len(gen.Blocks)-1].Txs
	okTx, badTx := txs[1], txs[2]
	// The real pool: the next block's first transaction passes.
	got := string(env.mustCall(t, "testmempoolaccept", []string{hex.EncodeToString(okTx.Bytes())}))
	if !strings.Contains(got, `"allowed":true`) {
		t.Fatalf("real pool: %s", got)
	}
	if n := env.pool.Count(); n != 0 {
		t.Fatalf("testmempoolaccept added %d transactions", n)
	}
	// A mempool without TestAcceptTransaction.
	env.svc.cfg.Mempool = struct{ MempoolSource }{env.pool}
	_, rerr := env.call(t, "testmempoolaccept", []string{hex.EncodeToString(okTx.Bytes())})
	wantCode(t, rerr, -32601, "")

	fa := &fakeAccepter{Pool: env.pool, desc: mempool.TxDesc{Fee: 1410, ModifiedFee: 1410, VSize: 141},
		results: map[[32]byte]error{badTx.TxHash(): &mempool.RuleError{Err: mempool.ErrMinRelayFee, Description: "1 < 141"}}}
	env.svc.cfg.Mempool = fa
	got = string(env.mustCall(t, "testmempoolaccept", []string{hex.EncodeToString(okTx.Bytes())}))
	want := `[{"txid":"` + okTx.TxHash().String() + `","wtxid":"` + okTx.WitnessHash().String() + `","allowed":true,"vsize":141,"fees":{"base":0.00001410,"effective-feerate":0.00010000,"effective-includes":["` + okTx.WitnessHash().String() + `"]}}]`
	if got != want {
		t.Fatalf("allowed:\n got %s\nwant %s", got, want)
	}
	got = string(env.mustCall(t, "testmempoolaccept", []string{hex.EncodeToString(badTx.Bytes())}))
	if !strings.Contains(got, `"allowed":false,"reject-reason":"min relay fee not met"`) {
		t.Fatalf("rejected: %s", got)
	}
	got = string(env.mustCall(t, "testmempoolaccept", []string{hex.EncodeToString(okTx.Bytes())}, "0.00000001"))
	if !strings.Contains(got, `"reject-reason":"max-fee-exceeded"`) {
		t.Fatalf("max fee: %s", got)
	}
	// sendrawtransaction checks maxfeerate through TestAcceptTransaction.
	_, rerr = env.call(t, "sendrawtransaction", hex.EncodeToString(okTx.Bytes()), "0.00000001")
	wantCode(t, rerr, -25, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)")
	_, rerr = env.call(t, "sendrawtransaction", hex.EncodeToString(badTx.Bytes()))
	wantCode(t, rerr, -26, "min relay fee not met, 1 < 141")
	_, rerr = env.call(t, "testmempoolaccept", []string{"zz"})
	wantCode(t, rerr, -22, "")
	if !errors.Is(fa.results[badTx.TxHash()], mempool.ErrMinRelayFee) {
		t.Fatal("fake error kind")
	}
}
