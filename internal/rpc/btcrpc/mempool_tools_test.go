package btcrpc

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// poolWithTxs serves the generated chain and adds the held-back block's
// transactions that the pool accepts; it returns the accepted ones.
func poolWithTxs(t *testing.T) (*testEnv, []*primitives.Tx) {
	t.Helper()
	env, gen := genEnv(t, false)
	var accepted []*primitives.Tx
	for _, tx := range gen.Blocks[len(gen.Blocks)-1].Txs[1:] {
		if _, err := env.pool.AcceptTransaction(tx); err == nil {
			accepted = append(accepted, tx)
		}
	}
	if len(accepted) == 0 {
		t.Fatal("the pool accepted nothing")
	}
	return env, accepted
}

func TestGetTxSpendingPrevout(t *testing.T) {
	env, accepted := poolWithTxs(t)
	spender := accepted[0]
	in := spender.Inputs[0].PrevOut
	txid := spender.TxHash().String()
	unspent := primitives.OutPoint{Hash: spender.TxHash(), Index: 0}
	if _, ok := env.pool.Spender(unspent); ok {
		t.Skip("the first pool transaction's output is spent in the pool")
	}
	tests := []struct {
		name   string
		params []any
		want   string
	}{
		{"spent and unspent", []any{[]map[string]any{{"txid": in.Hash.String(), "vout": in.Index}, {"txid": txid, "vout": 0}}},
			`[{"txid":"` + in.Hash.String() + `","vout":` + itoa(int(in.Index)) + `,"spendingtxid":"` + txid + `"},{"txid":"` + txid + `","vout":0}]`},
		{"return_spending_tx", []any{[]map[string]any{{"txid": in.Hash.String(), "vout": in.Index}}, map[string]any{"return_spending_tx": true}},
			`[{"txid":"` + in.Hash.String() + `","vout":` + itoa(int(in.Index)) + `,"spendingtxid":"` + txid + `","spendingtx":"` + hex.EncodeToString(spender.Bytes()) + `"}]`},
		{"mempool_only true", []any{[]map[string]any{{"txid": txid, "vout": 0}}, map[string]any{"mempool_only": true}},
			`[{"txid":"` + txid + `","vout":0}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(env.mustCall(t, "gettxspendingprevout", tc.params...)); got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
	errs := []struct {
		name   string
		params []any
		code   int
		msg    string
	}{
		{"negative vout", []any{[]map[string]any{{"txid": txid, "vout": -1}}}, -8, "Invalid parameter, vout cannot be negative"},
		{"txid not a string", []any{[]map[string]any{{"txid": 42, "vout": 0}}}, -3, "JSON value of type number for field txid is not of expected type string"},
		{"empty", []any{[]any{}}, -8, "Invalid parameter, outputs are missing"},
		{"missing vout", []any{[]map[string]any{{"txid": txid}}}, -3, "Missing vout"},
		{"missing txid", []any{[]map[string]any{{"vout": 3}}}, -3, "Missing txid"},
		{"unexpected key", []any{[]map[string]any{{"txid": txid, "vout": 0, "x": 1}}}, -3, "Unexpected key x"},
		{"short txid", []any{[]map[string]any{{"txid": "ab", "vout": 0}}}, -8, "txid must be of length 64 (not 2, for 'ab')"},
		{"not an array", []any{"x"}, -3, "JSON value of type string is not of expected type array"},
		{"element not an object", []any{[]any{1}}, -1, "JSON value of type number is not of expected type object"},
		{"no params", nil, -8, "Missing required parameter 1"},
		{"bad option", []any{[]map[string]any{{"txid": txid, "vout": 0}}, map[string]any{"mempool_only": 1}}, -3, "JSON value of type number for field mempool_only is not of expected type bool"},
		{"no spender index", []any{[]map[string]any{{"txid": txid, "vout": 0}}, map[string]any{"mempool_only": false}}, -1, "Mempool lacks a relevant spend, and txospenderindex is unavailable."},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			_, rerr := env.call(t, "gettxspendingprevout", tc.params...)
			wantCode(t, rerr, tc.code, tc.msg)
		})
	}
}

// failingDumper is a pool whose DumpFile fails.
type failingDumper struct{ *mempool.Pool }

func (failingDumper) DumpFile(string) error { return errors.New("disk full") }

func TestSaveMempool(t *testing.T) {
	env, accepted := poolWithTxs(t)
	path := filepath.Join(t.TempDir(), "mempool.dat")
	tests := []struct {
		name string
		file string
		pool MempoolSource
		code int
		msg  string
	}{
		{"no file configured", "", env.pool, -32601, ""},
		{"no DumpFile", path, struct{ MempoolSource }{env.pool}, -32601, ""},
		{"no mempool", path, nil, -33, "Mempool disabled or instance not found"},
		{"dump fails", path, failingDumper{env.pool}, -1, "Unable to dump mempool to disk"},
		{"written", path, env.pool, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env.svc.cfg.MempoolFile, env.svc.cfg.Mempool = tc.file, tc.pool
			res, rerr := env.call(t, "savemempool")
			if tc.code != 0 {
				wantCode(t, rerr, tc.code, tc.msg)
				return
			}
			if rerr != nil {
				t.Fatal(rerr)
			}
			want, _ := json.Marshal(map[string]string{"filename": path})
			if string(res) != string(want) {
				t.Fatalf("got %s want %s", res, want)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			d, err := mempool.ReadMempoolDat(b)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Txs) != len(accepted) {
				t.Fatalf("mempool.dat holds %d transactions, want %d", len(d.Txs), len(accepted))
			}
		})
	}
}

// ibdChain reports a fixed initial-block-download state.
type ibdChain struct {
	ChainSource
	ibd bool
}

func (c ibdChain) IsInitialBlockDownload() bool { return c.ibd }

func TestImportMempool(t *testing.T) {
	env, accepted := poolWithTxs(t)
	env.svc.cfg.Chain = ibdChain{env.chain, false}
	dir := t.TempDir()
	path := filepath.Join(dir, "mempool.dat")
	env.svc.cfg.MempoolFile = path
	first := accepted[0].TxHash()
	env.pool.PrioritiseTransaction(first, 1000)
	env.mustCall(t, "savemempool")
	env.pool.PrioritiseTransaction(first, -1000)
	if err := os.WriteFile(filepath.Join(dir, "bad.dat"), []byte{1, 2, 3}, 0o600); err != nil {
		t.Fatal(err)
	}
	empty := func(t *testing.T) {
		t.Helper()
		for _, tx := range accepted {
			env.pool.Remove(tx.TxHash())
		}
		if n := env.pool.Count(); n != 0 {
			t.Fatalf("pool still holds %d transactions", n)
		}
	}
	tests := []struct {
		name   string
		params []any
		delta  int64 // the fee delta of first after the import
	}{
		{"defaults", []any{path}, 0},
		{"file times, no deltas", []any{path, map[string]any{"use_current_time": false, "apply_fee_delta_priority": false}}, 0},
		{"apply fee deltas", []any{path, map[string]any{"apply_fee_delta_priority": true, "apply_unbroadcast_set": false, "other": 1}}, 1000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			empty(t)
			env.pool.PrioritiseTransaction(first, -env.pool.FeeDeltas()[first])
			if got := string(env.mustCall(t, "importmempool", tc.params...)); got != "{}" {
				t.Fatalf("got %s want {}", got)
			}
			if n := env.pool.Count(); n != len(accepted) {
				t.Fatalf("pool holds %d transactions, want %d", n, len(accepted))
			}
			for _, tx := range accepted {
				if !env.pool.Has(tx.TxHash()) {
					t.Fatalf("%s not restored", tx.TxHash())
				}
			}
			if got := env.pool.FeeDeltas()[first]; got != tc.delta {
				t.Fatalf("fee delta %d, want %d", got, tc.delta)
			}
		})
	}
	errs := []struct {
		name   string
		params []any
		chain  ChainSource
		pool   MempoolSource
		code   int
		msg    string
	}{
		{"missing file", []any{filepath.Join(dir, "none.dat")}, nil, nil, -1, "Unable to import mempool file, see debug.log for details."},
		{"malformed file", []any{filepath.Join(dir, "bad.dat")}, nil, nil, -1, "Unable to import mempool file, see debug.log for details."},
		{"bad option type", []any{path, map[string]any{"use_current_time": 1}}, nil, nil, -1, "JSON value of type number is not of expected type bool"},
		{"options not an object", []any{path, "x"}, nil, nil, -3, "JSON value of type string is not of expected type object"},
		{"filepath not a string", []any{1}, nil, nil, -3, "JSON value of type number is not of expected type string"},
		{"no params", nil, nil, nil, -8, "Missing required parameter 1"},
		{"unbroadcast set", []any{path, map[string]any{"apply_unbroadcast_set": true}}, nil, nil, -8, "apply_unbroadcast_set is not supported: the mempool keeps no unbroadcast set"},
		{"initial block download", []any{path}, ibdChain{env.chain, true}, nil, -10, "Can only import the mempool after the block download and sync is done."},
		{"no Load", []any{path}, nil, struct{ MempoolSource }{env.pool}, -32601, ""},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			env.svc.cfg.Chain, env.svc.cfg.Mempool = ibdChain{env.chain, false}, MempoolSource(env.pool)
			if tc.chain != nil {
				env.svc.cfg.Chain = tc.chain
			}
			if tc.pool != nil {
				env.svc.cfg.Mempool = tc.pool
			}
			_, rerr := env.call(t, "importmempool", tc.params...)
			wantCode(t, rerr, tc.code, tc.msg)
		})
	}
	t.Run("no mempool", func(t *testing.T) {
		env.svc.cfg.Mempool = nil
		_, rerr := env.call(t, "importmempool", path)
		wantCode(t, rerr, -33, "Mempool disabled or instance not found")
	})
}
