package indexers

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// addrTestChain adapts a blockchain.Chain to AddrChain, as the node does.
type addrTestChain struct{ testChain }

func (c addrTestChain) SpentCoins(hash chainhash.Hash) ([]primitives.Coin, error) {
	u, err := c.BlockUndo(hash)
	if err != nil {
		return nil, err
	}
	var out []primitives.Coin
	for _, tx := range u.Txs {
		out = append(out, tx.PrevOuts...)
	}
	return out, nil
}

func flatCoins(n blockchain.Notification) []primitives.Coin {
	var out []primitives.Coin
	if n.Undo != nil {
		for _, tx := range n.Undo.Txs {
			out = append(out, tx.PrevOuts...)
		}
	}
	return out
}

// openAddrIndex opens an index over c (in dir, or on store when set),
// subscribed to c's notifications, and waits until it has caught up.
func openAddrIndex(t *testing.T, c testChain, dir string, store kv.Store) *AddrIndex {
	t.Helper()
	ix, err := OpenAddrIndex(AddrConfig{Chain: addrTestChain{c}, DataDir: dir, Store: store})
	if err != nil {
		t.Fatal(err)
	}
	unsub := c.Subscribe(func(n blockchain.Notification) {
		switch n.Type {
		case blockchain.NTBlockConnected:
			ix.BlockConnected(n.Block, n.Hash, n.Height, flatCoins(n))
		case blockchain.NTBlockDisconnected:
			ix.BlockDisconnected(n.Block, n.Hash, n.Height, flatCoins(n))
		}
	})
	t.Cleanup(func() { unsub(); ix.Close() })
	ix.Start()
	waitAddrSynced(t, ix, c)
	return ix
}

func waitAddrSynced(t *testing.T, ix *AddrIndex, c testChain) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !(ix.Synced() && ix.BestHash() == c.BestHash()) {
		if time.Now().After(deadline) {
			t.Fatalf("address index at %d, chain at %d", ix.BestHeight(), c.BestHeight())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// addrModel is an independent, naive computation of the index from the
// active chain.
type addrModel struct {
	history map[ScriptHash][]HistoryEntry // oldest first
	unspent map[ScriptHash]map[primitives.OutPoint]Unspent
	spentBy map[primitives.OutPoint]SpentBy
	stats   map[ScriptHash]AddrStats
}

func buildModel(t *testing.T, c testChain) *addrModel {
	t.Helper()
	m := &addrModel{
		history: map[ScriptHash][]HistoryEntry{},
		unspent: map[ScriptHash]map[primitives.OutPoint]Unspent{},
		spentBy: map[primitives.OutPoint]SpentBy{},
		stats:   map[ScriptHash]AddrStats{},
	}
	owner := map[primitives.OutPoint]ScriptHash{}
	for h := int32(1); h <= c.BestHeight(); h++ {
		hash, _ := c.BlockHashByHeight(h)
		blk, err := c.BlockByHash(hash)
		if err != nil {
			t.Fatal(err)
		}
		for pos, tx := range blk.Txs {
			txid := tx.TxHash()
			entries := map[ScriptHash]*HistoryEntry{}
			var order []ScriptHash
			get := func(sh ScriptHash) *HistoryEntry {
				e := entries[sh]
				if e == nil {
					e = &HistoryEntry{TxID: txid, Height: h, TxPos: uint32(pos)}
					entries[sh] = e
					order = append(order, sh)
				}
				return e
			}
			if pos > 0 {
				for in, txin := range tx.Inputs {
					sh, ok := owner[txin.PrevOut]
					if !ok {
						t.Fatalf("input %s spends an unknown output", txin.PrevOut)
					}
					u := m.unspent[sh][txin.PrevOut]
					delete(m.unspent[sh], txin.PrevOut)
					m.spentBy[txin.PrevOut] = SpentBy{TxID: txid, Input: uint32(in), Height: h}
					get(sh).Spent += u.Value
					st := m.stats[sh]
					st.SpentCount++
					st.SpentSum += uint64(u.Value)
					m.stats[sh] = st
				}
			}
			for vout, out := range tx.Outputs {
				if len(out.ScriptPubKey) > 0 && out.ScriptPubKey[0] == 0x6a {
					continue
				}
				sh := ScriptHashOf(out.ScriptPubKey)
				op := primitives.OutPoint{Hash: txid, Index: uint32(vout)}
				owner[op] = sh
				if m.unspent[sh] == nil {
					m.unspent[sh] = map[primitives.OutPoint]Unspent{}
				}
				m.unspent[sh][op] = Unspent{TxID: txid, Vout: uint32(vout), Height: h, Value: out.Value}
				get(sh).Funded += out.Value
				st := m.stats[sh]
				st.FundedCount++
				st.FundedSum += uint64(out.Value)
				m.stats[sh] = st
			}
			for _, sh := range order {
				m.history[sh] = append(m.history[sh], *entries[sh])
				st := m.stats[sh]
				st.TxCount++
				m.stats[sh] = st
			}
		}
	}
	return m
}

// verifyAddr checks every query of the index against the model and the
// chain's UTXO set; it returns the number of scripts checked.
func verifyAddr(t *testing.T, ix *AddrIndex, c testChain) int {
	t.Helper()
	if ix.BestHash() != c.BestHash() {
		t.Fatalf("index best %d, chain %d", ix.BestHeight(), c.BestHeight())
	}
	m := buildModel(t, c)
	for sh, want := range m.stats {
		got, err := ix.Stats(sh)
		if err != nil || got != want {
			t.Fatalf("Stats(%x) = %+v, %v; want %+v", sh[:4], got, err, want)
		}
		hist := m.history[sh]
		all, err := ix.History(sh, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		wantNewest := slices.Clone(hist)
		slices.Reverse(wantNewest)
		if len(wantNewest) > MaxAddrPage {
			wantNewest = wantNewest[:MaxAddrPage]
		}
		if !slices.Equal(all, wantNewest) {
			t.Fatalf("History(%x): %d entries, want %d", sh[:4], len(all), len(wantNewest))
		}
		// Paging by cursor walks the same entries.
		var paged []HistoryEntry
		page, _ := ix.History(sh, 0, 3)
		for len(page) > 0 {
			paged = append(paged, page...)
			last := page[len(page)-1]
			if page, err = ix.HistoryBefore(sh, last.Height, last.TxPos, 3); err != nil {
				t.Fatal(err)
			}
		}
		if len(hist) <= MaxAddrPage && !slices.Equal(paged, wantNewest) {
			t.Fatalf("HistoryBefore paging of %x: %d entries, want %d", sh[:4], len(paged), len(wantNewest))
		}
		if len(hist) > 2 {
			skipped, _ := ix.History(sh, 2, 1)
			if len(skipped) != 1 || skipped[0] != wantNewest[2] {
				t.Fatalf("History skip 2 of %x: %+v", sh[:4], skipped)
			}
		}
		outs, more, err := ix.Unspent(sh, 0)
		if err != nil || more {
			t.Fatalf("Unspent(%x): more %v, %v", sh[:4], more, err)
		}
		if len(outs) != len(m.unspent[sh]) {
			t.Fatalf("Unspent(%x): %d outputs, want %d", sh[:4], len(outs), len(m.unspent[sh]))
		}
		var sum int64
		for _, u := range outs {
			if m.unspent[sh][primitives.OutPoint{Hash: u.TxID, Index: u.Vout}] != u {
				t.Fatalf("Unspent(%x): unexpected %+v", sh[:4], u)
			}
			coin, ok, err := c.LookupCoin(primitives.OutPoint{Hash: u.TxID, Index: u.Vout})
			if err != nil || !ok || coin.Out.Value != u.Value || ScriptHashOf(coin.Out.ScriptPubKey) != sh {
				t.Fatalf("unspent %s:%d is not in the UTXO set (%v, %v)", u.TxID, u.Vout, ok, err)
			}
			sum += u.Value
		}
		if sum != want.Balance() {
			t.Fatalf("unspent of %x sum to %d, balance %d", sh[:4], sum, want.Balance())
		}
	}
	for h := int32(1); h <= c.BestHeight(); h++ {
		blk, _ := c.BlockByHeight(h)
		for pos, txid := range blk.TxHashes() {
			gh, gp, err := ix.TxPos(txid)
			if err != nil || gh != h || gp != uint32(pos) {
				t.Fatalf("TxPos(%s) = %d, %d, %v; want %d, %d", txid, gh, gp, err, h, pos)
			}
		}
	}
	for op, want := range m.spentBy {
		got, err := ix.SpentBy(op.Hash, op.Index)
		if err != nil || got != want {
			t.Fatalf("SpentBy(%s) = %+v, %v; want %+v", op, got, err, want)
		}
	}
	return len(m.stats)
}

// dump returns every record of a store.
func dump(t *testing.T, s kv.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	it := s.NewIterator(nil, nil)
	defer it.Release()
	for it.Next() {
		out[string(it.Key())] = string(it.Value())
	}
	if err := it.Error(); err != nil {
		t.Fatal(err)
	}
	return out
}

func sameDump(t *testing.T, what string, a, b map[string]string) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d records, want %d", what, len(a), len(b))
	}
	for k, v := range b {
		if a[k] != v {
			t.Fatalf("%s: record %x differs", what, k)
		}
	}
}

// scratchDump builds a fresh index over c and returns its records.
func scratchDump(t *testing.T, c testChain) map[string]string {
	t.Helper()
	st := memdb.New()
	ix, err := OpenAddrIndex(AddrConfig{Chain: addrTestChain{c}, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.Start()
	waitAddrSynced(t, ix, c)
	return dump(t, st)
}

func TestAddrIndexBuild(t *testing.T) {
	g := generated(t)
	c := openChain(t)
	process(t, c, g.Blocks[:60])
	st := memdb.New()
	ix := openAddrIndex(t, c, "", st) // catch-up from empty
	t.Logf("verified %d scripts after catch-up", verifyAddr(t, ix, c))
	process(t, c, g.Blocks[60:]) // live notifications
	t.Logf("verified %d scripts after notifications", verifyAddr(t, ix, c))
	before := dump(t, st)

	// Reorganisation: the fork replaces the last 3 blocks.
	process(t, c, g.Fork)
	waitAddrSynced(t, ix, c)
	t.Logf("verified %d scripts after a reorg", verifyAddr(t, ix, c))
	sameDump(t, "incremental vs rebuilt", dump(t, st), scratchDump(t, c))

	// Invalidating the fork returns the old tip: the same records as before.
	if err := c.InvalidateBlock(g.Fork[0].BlockHash()); err != nil {
		t.Fatal(err)
	}
	waitAddrSynced(t, ix, c)
	verifyAddr(t, ix, c)
	sameDump(t, "after undoing the reorg", dump(t, st), before)

	if _, err := ix.SpentBy(chainhash.Hash{1}, 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("SpentBy of an unknown output: %v", err)
	}
	if _, _, err := ix.TxPos(chainhash.Hash{1}); !errors.Is(err, ErrNotFound) {
		t.Errorf("TxPos of an unknown transaction: %v", err)
	}
	if s, err := ix.Stats(ScriptHash{1}); err != nil || s != (AddrStats{}) {
		t.Errorf("Stats of an unknown script: %+v, %v", s, err)
	}
}

func TestAddrIndexDisconnectRoundTrip(t *testing.T) {
	g := generated(t)
	c := openChain(t)
	process(t, c, g.Blocks[:110])
	st := memdb.New()
	ix := openAddrIndex(t, c, "", st)
	tip := c.BestHash()
	before := dump(t, st)
	// Disconnect 5 blocks one by one, then reconnect them.
	target, _ := c.BlockHashByHeight(c.BestHeight() - 4)
	if err := c.InvalidateBlock(target); err != nil {
		t.Fatal(err)
	}
	waitAddrSynced(t, ix, c)
	if ix.BestHeight() != 105 {
		t.Fatalf("BestHeight %d after disconnecting, want 105", ix.BestHeight())
	}
	verifyAddr(t, ix, c)
	sameDump(t, "after disconnects", dump(t, st), scratchDump(t, c))
	if err := c.ReconsiderBlock(target); err != nil {
		t.Fatal(err)
	}
	waitAddrSynced(t, ix, c)
	if ix.BestHash() != tip {
		t.Fatal("tip not restored")
	}
	sameDump(t, "connect/disconnect round trip", dump(t, st), before)
}

func TestAddrIndexReopen(t *testing.T) {
	g := generated(t)
	c := openChain(t)
	dir := t.TempDir()
	process(t, c, g.Blocks[:50])
	ix := openAddrIndex(t, c, dir, nil)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// The chain moves on, and reorganises, while the index is closed: on
	// reopening it must rewind off the stale blocks and catch up.
	process(t, c, g.Blocks[50:])
	ix = openAddrIndex(t, c, dir, nil)
	if got := ix.BestHeight(); got != c.BestHeight() {
		t.Fatalf("BestHeight %d", got)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	process(t, c, g.Fork)
	ix = openAddrIndex(t, c, dir, nil)
	t.Logf("verified %d scripts after reopen, reorg and catch-up", verifyAddr(t, ix, c))
}

// failingStore fails every batch write after its budget runs out, as a
// crash would stop the writes; Close leaves the inner store open.
type failingStore struct {
	kv.Store
	mu     sync.Mutex
	budget int
}

type failingBatch struct {
	kv.Batch
	s *failingStore
}

func (s *failingStore) NewBatch() kv.Batch { return failingBatch{s.Store.NewBatch(), s} }
func (s *failingStore) Close() error       { return nil }

func (b failingBatch) Write(sync bool) error {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	if b.s.budget <= 0 {
		return fmt.Errorf("injected crash")
	}
	b.s.budget--
	return b.Batch.Write(sync)
}

func TestAddrIndexCrashCatchUp(t *testing.T) {
	g := generated(t)
	c := openChain(t)
	process(t, c, g.Blocks)
	inner := memdb.New()
	fs := &failingStore{Store: inner, budget: 70}
	stopped := make(chan error, 1)
	ix, err := OpenAddrIndex(AddrConfig{Chain: addrTestChain{c}, Store: fs, Progress: func(h int32, synced bool, err error) {
		if err != nil || synced {
			stopped <- err
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	ix.Start()
	select {
	case err := <-stopped:
		if err == nil {
			t.Fatal("catch-up did not fail")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("catch-up did not stop")
	}
	if got := ix.BestHeight(); got != 69 {
		t.Fatalf("BestHeight %d after the crash, want 69", got)
	}
	ix.Close()
	// The chain reorganises while the index is down; the index reopens
	// from its last complete block and catches up.
	process(t, c, g.Fork)
	ix2 := openAddrIndex(t, c, "", inner)
	verifyAddr(t, ix2, c)
	sameDump(t, "after crash and catch-up", dump(t, inner), scratchDump(t, c))
}

func TestAddrSchemaDecode(t *testing.T) {
	tests := []struct {
		name string
		f    func() error
	}{
		{"short stats", func() error { _, err := decodeStats(make([]byte, 39)); return err }},
		{"overspent stats", func() error { _, err := decodeStats(encodeStats(AddrStats{TxCount: 1, SpentSum: 1})); return err }},
		{"short history", func() error { _, err := decodeHistory(make([]byte, historyKeySize), make([]byte, 47)); return err }},
		{"history height", func() error {
			k := historyKey(nil, ScriptHash{}, 0, 0)
			copy(k[33:], []byte{0x7f, 0xff, 0xff, 0xff})
			_, err := decodeHistory(k, make([]byte, historyValueSize))
			return err
		}},
		{"short unspent", func() error { _, err := decodeUnspent(make([]byte, unspentKeySize), make([]byte, 7)); return err }},
		{"short spent-by", func() error { _, err := decodeSpentBy(make([]byte, 39)); return err }},
		{"short tx position", func() error { _, _, err := decodeTxPos(make([]byte, 7)); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.f(); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("got %v, want ErrCorrupt", err)
			}
		})
	}
	// Round trips.
	e := HistoryEntry{TxID: chainhash.Hash{7}, Height: 12, TxPos: 3, Funded: 5, Spent: 2}
	got, err := decodeHistory(historyKey(nil, ScriptHash{}, 12, 3), encodeHistory(nil, e.TxID, 5, 2))
	if err != nil || got != e {
		t.Fatalf("history round trip: %+v, %v", got, err)
	}
	sb := SpentBy{TxID: chainhash.Hash{9}, Input: 4, Height: 99}
	if got, err := decodeSpentBy(encodeSpentBy(nil, sb)); err != nil || got != sb {
		t.Fatalf("spent-by round trip: %+v, %v", got, err)
	}
	if !bytes.Equal(unspentKey(nil, ScriptHash{1}, 2, chainhash.Hash{3}, 4)[:33], append([]byte{'U', 1}, make([]byte, 31)...)) {
		t.Fatal("unspent key prefix")
	}
}
