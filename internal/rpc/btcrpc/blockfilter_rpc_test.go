package btcrpc

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/blockfilter"
	"github.com/twinchain/twinchain/internal/btc/indexers"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// filterChain adapts the chain to indexers.Chain.
type filterChain struct{ *blockchain.Chain }

func (c filterChain) SpentScripts(hash chainhash.Hash) ([][]byte, error) {
	u, err := c.BlockUndo(hash)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, tx := range u.Txs {
		for _, coin := range tx.PrevOuts {
			out = append(out, coin.Out.ScriptPubKey)
		}
	}
	return out, nil
}

func TestGetBlockFilter(t *testing.T) {
	env, _ := genEnv(t, false)
	_, rerr := env.call(t, "getblockfilter", env.chain.BestHash().String())
	wantCode(t, rerr, -1, "Index is not enabled for filtertype basic")
	if got := string(env.mustCall(t, "getindexinfo")); got != "{}" {
		t.Fatalf("getindexinfo without indexes: %s", got)
	}

	src := filterChain{env.chain}
	ix, err := indexers.OpenBlockFilterIndex(indexers.Config{Chain: src, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ix.Start()
	for deadline := time.Now().Add(30 * time.Second); !ix.Synced() || ix.BestHash() != env.chain.BestHash(); {
		if time.Now().After(deadline) {
			t.Fatal("index did not sync")
		}
		time.Sleep(5 * time.Millisecond)
	}
	env.svc.cfg.FilterIndex = ix

	tip := env.chain.BestHash()
	blk, err := env.chain.BlockByHash(tip)
	if err != nil {
		t.Fatal(err)
	}
	spent, err := src.SpentScripts(tip)
	if err != nil {
		t.Fatal(err)
	}
	want, err := blockfilter.NewBasicFilter(blk, spent)
	if err != nil {
		t.Fatal(err)
	}
	got := unmarshal[map[string]string](t, env.mustCall(t, "getblockfilter", tip.String(), "basic"))
	if got["filter"] != hex.EncodeToString(want.Bytes()) {
		t.Errorf("filter %s, want %x", got["filter"], want.Bytes())
	}
	hdr, _ := ix.FilterHeaderByHash(tip)
	if got["header"] != hdr.String() {
		t.Errorf("header %s, want %s", got["header"], hdr)
	}
	_, rerr = env.call(t, "getblockfilter", tip.String(), "extended")
	wantCode(t, rerr, -5, "Unknown filtertype")
	_, rerr = env.call(t, "getblockfilter", strings.Repeat("11", 32))
	wantCode(t, rerr, -5, "Block not found")

	info := string(env.mustCall(t, "getindexinfo"))
	wantInfo := `{"basic block filter index":{"synced":true,"best_block_height":` + itoa(int(env.chain.BestHeight())) + `}}`
	if info != wantInfo {
		t.Errorf("getindexinfo: %s, want %s", info, wantInfo)
	}
	if got := string(env.mustCall(t, "getindexinfo", "txindex")); got != "{}" {
		t.Errorf("getindexinfo txindex: %s", got)
	}
}
