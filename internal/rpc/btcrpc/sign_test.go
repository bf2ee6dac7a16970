package btcrpc

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TestSignRawTransactionWithKey re-signs transactions of the held-back
// block whose inputs pay to single keys (P2PKH, P2WPKH), then checks the
// result with testmempoolaccept.
func TestSignRawTransactionWithKey(t *testing.T) {
	env, gen := genEnv(t, false)
	p := env.svc.params()
	byScript := map[string]*chaingen.Destination{}
	for _, ds := range gen.Destinations {
		for _, d := range ds {
			byScript[string(d.ScriptPubKey)] = d
		}
	}
	signedCount := 0
	for _, tx := range gen.Blocks[len(gen.Blocks)-1].Txs[1:] {
		var keys []string
		ok := true
		for _, in := range tx.Inputs {
			c, found, err := env.chain.LookupCoin(in.PrevOut)
			if err != nil || !found {
				ok = false
				break
			}
			d := byScript[string(c.Out.ScriptPubKey)]
			if d == nil || (d.Type != chaingen.P2PKH && d.Type != chaingen.P2WPKH) {
				ok = false
				break
			}
			keys = append(keys, address.EncodeWIF(d.Keys[0].PrivKey(), true, p))
		}
		if !ok {
			continue
		}
		bare := tx.Copy()
		for i := range bare.Inputs {
			bare.Inputs[i].ScriptSig, bare.Inputs[i].Witness = nil, nil
		}
		res := unmarshal[signResult](t, env.mustCall(t, "signrawtransactionwithkey", hex.EncodeToString(bare.Bytes()), keys))
		if !res.Complete || len(res.Errors) != 0 {
			t.Fatalf("not complete: %+v", res)
		}
		got := string(env.mustCall(t, "testmempoolaccept", []string{res.Hex}))
		if !strings.Contains(got, `"allowed":true`) {
			t.Fatalf("signed transaction refused: %s", got)
		}
		// Without keys: incomplete, one error per input.
		res = unmarshal[signResult](t, env.mustCall(t, "signrawtransactionwithkey", hex.EncodeToString(bare.Bytes()), []string{}))
		if res.Complete || len(res.Errors) != len(bare.Inputs) {
			t.Fatalf("without keys: %+v", res)
		}
		signedCount++
	}
	t.Logf("signrawtransactionwithkey: %d transactions re-signed and accepted by testmempoolaccept", signedCount)
	if signedCount == 0 {
		t.Fatal("no single-key transaction found")
	}
	tx := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{}}, Outputs: []primitives.TxOut{{Value: 1}}}
	_, rerr := env.call(t, "signrawtransactionwithkey", hex.EncodeToString(tx.Bytes()), []string{"nope"})
	wantCode(t, rerr, -5, "Invalid private key")
	_, rerr = env.call(t, "signrawtransactionwithkey", hex.EncodeToString(tx.Bytes()), []string{}, nil, "BAD")
	wantCode(t, rerr, -8, "'BAD' is not a valid sighash parameter.")
	_, rerr = env.call(t, "signrawtransactionwithkey", hex.EncodeToString(tx.Bytes()), []string{}, []map[string]any{{"txid": strings.Repeat("00", 32)}})
	wantCode(t, rerr, -8, "Missing vout")
}
