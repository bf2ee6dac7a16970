package node

import (
	"slices"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/wire"
)

// TestBlockFilterIndexNode: -blockfilterindex builds the index from the
// chain's notifications and catches up after a restart; getblockfilter and
// getindexinfo answer from it; -peerblockfilters advertises
// NODE_COMPACT_FILTERS.
func TestBlockFilterIndexNode(t *testing.T) {
	gc := genChain(t)
	dir := t.TempDir()
	n, cl := startNode(t, loadConfig(t, dir, "-blockfilterindex=basic", "-peerblockfilters"))
	if n.btc.filters == nil {
		t.Fatal("no filter index")
	}
	if got := p2pOf(t, n).localServices(); !got.Has(wire.NodeCompactFilters) {
		t.Errorf("services %v lack NODE_COMPACT_FILTERS", got)
	}
	var ni struct {
		LocalServicesNames []string `json:"localservicesnames"`
	}
	call(t, cl, "getnetworkinfo", nil, &ni)
	if !slices.Contains(ni.LocalServicesNames, "COMPACT_FILTERS") || !slices.Contains(ni.LocalServicesNames, "NETWORK") {
		t.Errorf("getnetworkinfo localservicesnames %v, want NETWORK and COMPACT_FILTERS", ni.LocalServicesNames)
	}
	submit(t, n, gc.Blocks[:20])
	var bf map[string]string
	call(t, cl, "getblockfilter", []any{gc.Blocks[19].BlockHash().String()}, &bf)
	want, err := n.btc.filters.FilterByHash(gc.Blocks[19].BlockHash())
	if err != nil || bf["header"] != want.Header.String() || len(bf["filter"]) != 2*len(want.Filter) {
		t.Fatalf("getblockfilter %v, index %v", bf, err)
	}
	stopByRPC(t, n, cl)

	// Blocks connected while the index is off are caught up on restart.
	n2, cl2 := startNode(t, loadConfig(t, dir))
	if n2.btc.filters != nil {
		t.Fatal("filter index opened without -blockfilterindex")
	}
	submit(t, n2, gc.Blocks[20:30])
	stopByRPC(t, n2, cl2)
	n3, cl3 := startNode(t, loadConfig(t, dir, "-blockfilterindex=1"))
	waitFor(t, 30*time.Second, "filter index catch-up", func() bool {
		return n3.btc.filters.Synced() && n3.btc.filters.BestHeight() == 30
	})
	var info map[string]struct {
		Synced bool  `json:"synced"`
		Height int32 `json:"best_block_height"`
	}
	call(t, cl3, "getindexinfo", nil, &info)
	if got := info["basic block filter index"]; !got.Synced || got.Height != 30 {
		t.Fatalf("getindexinfo %+v", info)
	}
	stopByRPC(t, n3, cl3)
}
