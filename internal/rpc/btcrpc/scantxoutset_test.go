package btcrpc

import (
	"encoding/hex"
	"encoding/json"
	"math"
	"sort"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// TestScanTxOutSet checks scantxoutset against a UTXO set computed
// independently from the generated chain's blocks: raw() and addr()
// descriptors find exactly the script's unspent outputs with their amounts,
// heights and confirmations; status and abort without a scan; Core's errors.
func TestScanTxOutSet(t *testing.T) {
	env, c := genEnv(t, false)
	blocks := c.Blocks[:len(c.Blocks)-1]
	type utxo struct {
		value  int64
		height int
		script []byte
	}
	set := map[primitives.OutPoint]utxo{}
	for h, b := range blocks {
		ids := b.TxHashes()
		for i, tx := range b.Txs {
			for _, in := range tx.Inputs {
				delete(set, in.PrevOut)
			}
			for o, out := range tx.Outputs {
				if len(out.ScriptPubKey) > 0 && out.ScriptPubKey[0] == 0x6a {
					continue // OP_RETURN: never in the UTXO set
				}
				set[primitives.OutPoint{Hash: ids[i], Index: uint32(o)}] = utxo{out.Value, h + 1, out.ScriptPubKey}
			}
		}
	}
	// The scripts with the most unspent outputs.
	count := map[string]int{}
	for _, u := range set {
		count[string(u.script)]++
	}
	scripts := make([]string, 0, len(count))
	for s := range count {
		scripts = append(scripts, s)
	}
	sort.Slice(scripts, func(i, j int) bool {
		if count[scripts[i]] != count[scripts[j]] {
			return count[scripts[i]] > count[scripts[j]]
		}
		return scripts[i] < scripts[j]
	})
	tip := len(blocks)
	for _, script := range scripts[:3] {
		var want int64
		n := 0
		for _, u := range set {
			if string(u.script) == script {
				want += u.value
				n++
			}
		}
		descs := []string{"raw(" + hex.EncodeToString([]byte(script)) + ")"}
		if a, err := address.FromScriptPubKey([]byte(script), env.svc.params()); err == nil {
			descs = append(descs, "addr("+a.String()+")")
		}
		for _, d := range descs {
			var res struct {
				scanResult
				Unspents []struct {
					scanUnspent
					Amount float64 `json:"amount"`
				} `json:"unspents"`
				TotalAmount float64 `json:"total_amount"`
			}
			if err := json.Unmarshal(env.mustCall(t, "scantxoutset", "start", []any{d}), &res); err != nil {
				t.Fatal(err)
			}
			if !res.Success || res.Height != int32(tip) || len(res.Unspents) != n || sats(res.TotalAmount) != want ||
				res.TxOuts != uint64(len(set)) {
				t.Fatalf("%s: success %v height %d unspents %d total %d txouts %d; want height %d, %d unspents, total %d, %d txouts",
					d, res.Success, res.Height, len(res.Unspents), sats(res.TotalAmount), res.TxOuts, tip, n, want, len(set))
			}
			for _, u := range res.Unspents {
				h, err := chainhash.NewHashFromStr(u.TxID)
				if err != nil {
					t.Fatal(err)
				}
				op := primitives.OutPoint{Hash: h, Index: u.Vout}
				exp, ok := set[op]
				if !ok || sats(u.Amount) != exp.value || int(u.Height) != exp.height ||
					u.Confirmations != int64(tip-exp.height+1) || u.BlockHash == "" || u.Desc == "" {
					t.Fatalf("%s: unspent %+v, want %+v", d, u, exp)
				}
			}
		}
	}
	// Object form with a range on a non-ranged descriptor is accepted.
	raw := "raw(" + hex.EncodeToString([]byte(scripts[0])) + ")"
	env.mustCall(t, "scantxoutset", "start", []any{map[string]any{"desc": raw, "range": 10}})

	if out := env.mustCall(t, "scantxoutset", "status"); string(out) != "null" {
		t.Fatalf("status without a scan = %s", out)
	}
	if out := env.mustCall(t, "scantxoutset", "abort"); string(out) != "false" {
		t.Fatalf("abort without a scan = %s", out)
	}
	_, rerr := env.call(t, "scantxoutset", "begin")
	wantCode(t, rerr, jsonrpc.CodeInvalidParameter, "Invalid action 'begin'")
	_, rerr = env.call(t, "scantxoutset", "start")
	wantCode(t, rerr, jsonrpc.CodeInvalidParameter, "scanobjects argument is required for the start action")
	_, rerr = env.call(t, "scantxoutset", "start", []any{"addr(notanaddress)"})
	if rerr == nil || rerr.Code != jsonrpc.CodeInvalidAddressOrKey && rerr.Code != jsonrpc.CodeInvalidParameter {
		t.Fatalf("bad descriptor: %v", rerr)
	}
	_, rerr = env.call(t, "scantxoutset", "start", []any{42})
	wantCode(t, rerr, jsonrpc.CodeInvalidParameter, "Scan object needs to be either a string or an object")
}

// sats converts a JSON BTC amount to satoshis.
func sats(btc float64) int64 { return int64(math.Round(btc * 1e8)) }
