package btcrpc

import (
	"encoding/hex"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// stripped is tx without any scriptSig or witness.
func stripped(tx *primitives.Tx) *primitives.Tx {
	u := tx.Copy()
	for i := range u.Inputs {
		u.Inputs[i].ScriptSig, u.Inputs[i].Witness = nil, nil
	}
	return u
}

func TestCombineRawTransaction(t *testing.T) {
	env, gen := genEnv(t, false)
	txs := gen.Blocks[len(gen.Blocks)-1].Txs[1:]
	// A transaction with a 2-of-3 P2WSH multisig input signed by two keys.
	var full *primitives.Tx
	msIn := -1
	for _, tx := range txs {
		for i, in := range tx.Inputs {
			c, ok, err := env.chain.LookupCoin(in.PrevOut)
			if err != nil || !ok || txscript.ClassifyScript(c.Out.ScriptPubKey) != txscript.WitnessV0ScriptHashTy || len(in.Witness) != 4 {
				continue
			}
			full, msIn = tx, i
			break
		}
		if full != nil {
			break
		}
	}
	if full == nil {
		t.Fatal("no P2WSH multisig spend in the held-back block")
	}
	w := full.Inputs[msIn].Witness
	half := func(keep int) *primitives.Tx {
		v := full.Copy()
		nw := [][]byte{nil, nil, nil, w[3]}
		nw[1] = w[keep]
		v.Inputs[msIn].Witness = nw
		return v
	}
	first, second := half(1), half(2) // each carries one of the two signatures
	hexOf := func(tx *primitives.Tx) string { return hex.EncodeToString(tx.Bytes()) }
	unsigned := stripped(full)

	tests := []struct {
		name string
		txs  []*primitives.Tx
		want *primitives.Tx
	}{
		{"two halves of a multisig", []*primitives.Tx{first, second}, full},
		{"halves reversed", []*primitives.Tx{second, first}, full},
		{"one half alone", []*primitives.Tx{first}, first},
		{"unsigned and signed", []*primitives.Tx{unsigned, full}, full},
		{"unsigned alone", []*primitives.Tx{unsigned}, unsigned},
		{"signed first", []*primitives.Tx{full, unsigned}, full},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hexes := make([]string, len(tc.txs))
			for i, tx := range tc.txs {
				hexes[i] = hexOf(tx)
			}
			got := unmarshal[string](t, env.mustCall(t, "combinerawtransaction", hexes))
			if got != hexOf(tc.want) {
				t.Fatalf("got  %s\nwant %s", got, hexOf(tc.want))
			}
		})
	}
	orphan := full.Copy()
	orphan.Inputs[0].PrevOut.Hash[0] ^= 0xff
	errs := []struct {
		name   string
		params []any
		code   int
		msg    string
	}{
		{"empty", []any{[]string{}}, -22, "Missing transactions"},
		{"bad hex", []any{[]string{"zz"}}, -22, "TX decode failed for tx 0. Make sure the tx has at least one input."},
		{"second undecodable", []any{[]string{hexOf(full), "00"}}, -22, "TX decode failed for tx 1. Make sure the tx has at least one input."},
		{"missing input", []any{[]string{hexOf(orphan)}}, -25, "Input not found or already spent"},
		{"not an array", []any{"x"}, -3, "JSON value of type string is not of expected type array"},
		{"element not a string", []any{[]any{1}}, -1, "JSON value of type number is not of expected type string"},
		{"no params", nil, -8, "Missing required parameter 1"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			_, rerr := env.call(t, "combinerawtransaction", tc.params...)
			wantCode(t, rerr, tc.code, tc.msg)
		})
	}
}
