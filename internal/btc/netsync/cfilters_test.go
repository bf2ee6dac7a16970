package netsync

import (
	"bytes"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/blockfilter"
	"github.com/twinchain/twinchain/internal/btc/indexers"
	"github.com/twinchain/twinchain/internal/btc/wire"
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

// withFilterIndex gives the node a synced block filter index.
func withFilterIndex(t *testing.T, ixOut **indexers.BlockFilterIndex) func(*Config) {
	return func(cfg *Config) {
		ch := cfg.Chain.(*blockchain.Chain)
		ix, err := indexers.OpenBlockFilterIndex(indexers.Config{Chain: filterChain{ch}, DataDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		ix.Start()
		waitFor(t, 30*time.Second, "filter index", func() bool { return ix.Synced() && ix.BestHash() == ch.BestHash() })
		cfg.FilterIndex = ix
		*ixOut = ix
	}
}

// TestServeCFilters: getcfilters, getcfheaders and getcfcheckpt answered
// from the index; requests breaking BIP157's rules disconnect the peer.
func TestServeCFilters(t *testing.T) {
	var ix *indexers.BlockFilterIndex
	x := newNode(t, "X", nodeOpts{preload: true, cfg: withFilterIndex(t, &ix)})
	f := newNode(t, "F", nodeOpts{})
	var col collector
	_, fp := connect(t, x, f, nil, &col)
	tip := x.chain.BestHash()
	tipHeight := x.chain.BestHeight()

	if err := fp.QueueMessage(&wire.MsgGetCFilters{StartHeight: 1, StopHash: tip}); err != nil {
		t.Fatal(err)
	}
	for i := range int(tipHeight) {
		cf := col.wait(t, wire.CmdCFilter, i).(*wire.MsgCFilter)
		want, err := ix.FilterByHash(cf.BlockHash)
		if err != nil || want.Height != int32(i+1) || !bytes.Equal(cf.Filter, want.Filter) {
			t.Fatalf("cfilter %d: height %d, %v", i, want.Height, err)
		}
	}
	if err := fp.QueueMessage(&wire.MsgGetCFHeaders{StartHeight: 0, StopHash: tip}); err != nil {
		t.Fatal(err)
	}
	ch := col.wait(t, wire.CmdCFHeaders, 0).(*wire.MsgCFHeaders)
	if ch.StopHash != tip || ch.PreviousFilterHeader != (chainhash.Hash{}) || len(ch.FilterHashes) != int(tipHeight)+1 {
		t.Fatalf("cfheaders: %d hashes", len(ch.FilterHashes))
	}
	var hdr chainhash.Hash
	for _, fh := range ch.FilterHashes {
		hdr = blockfilter.FilterHeader(fh, hdr)
	}
	if want, _ := ix.FilterHeaderByHash(tip); hdr != want {
		t.Fatalf("cfheaders chain to %s, want %s", hdr, want)
	}
	if err := fp.QueueMessage(&wire.MsgGetCFCheckpt{StopHash: tip}); err != nil {
		t.Fatal(err)
	}
	if cp := col.wait(t, wire.CmdCFCheckpt, 0).(*wire.MsgCFCheckpt); cp.StopHash != tip || len(cp.FilterHeaders) != 0 {
		t.Fatalf("cfcheckpt: %d headers", len(cp.FilterHeaders))
	}

	bad := []struct {
		name string
		msg  wire.Message
	}{
		{"unknown stop", &wire.MsgGetCFilters{StopHash: chainhash.Hash{1}}},
		{"unsupported type", &wire.MsgGetCFHeaders{FilterType: 1, StopHash: tip}},
		{"start after stop", &wire.MsgGetCFilters{StartHeight: uint32(tipHeight) + 1, StopHash: tip}},
		{"checkpoint unknown stop", &wire.MsgGetCFCheckpt{StopHash: chainhash.Hash{2}}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			var c collector
			_, p := connect(t, x, f, nil, &c)
			if err := p.QueueMessage(tc.msg); err != nil {
				t.Fatal(err)
			}
			select {
			case <-p.Done():
			case <-time.After(10 * time.Second):
				t.Fatal("peer not disconnected")
			}
		})
	}
}

// TestCFiltersNotServed: without an index the requests disconnect.
func TestCFiltersNotServed(t *testing.T) {
	x := newNode(t, "X", nodeOpts{preload: true})
	f := newNode(t, "F", nodeOpts{})
	var col collector
	_, fp := connect(t, x, f, nil, &col)
	if err := fp.QueueMessage(&wire.MsgGetCFilters{StopHash: x.chain.BestHash()}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-fp.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("peer not disconnected")
	}
}
