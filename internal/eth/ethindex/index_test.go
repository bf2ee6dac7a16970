package ethindex

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// tokenInitCode is a contract creation whose init code emits
// Transfer(caller, 0xab..., 42) and deploys nothing.
func tokenInitCode() []byte {
	code := []byte{0x60, 42, 0x60, 0, 0x52, 0x73}
	code = append(code, tokenRecipient[:]...)
	code = append(code, 0x33, 0x7f)
	code = append(code, transferTopic[:]...)
	return append(code, 0x60, 32, 0x60, 0, 0xa3, 0x00)
}

var tokenRecipient = ethtypes.Address{0xab, 0xcd}

// testEnv is a dev chain with a block builder.
type testEnv struct {
	t    testing.TB
	bc   *ethchain.BlockChain
	keys []*secp256k1.PrivateKey
	st   *trie.StackTrie
	salt uint64
}

func newEnv(t testing.TB) *testEnv {
	t.Helper()
	g, err := ethchain.DevGenesis()
	if err != nil {
		t.Fatal(err)
	}
	bc, err := ethchain.NewBlockChain(memdb.New(), ethchain.Config{Genesis: g, Engine: ethconsensus.NewDev(ethconsensus.DevConfig{BlockReward: uint256.NewInt(2e18)}), NoAutoPrune: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bc.Stop() })
	accts, err := ethchain.DevAccounts(4)
	if err != nil {
		t.Fatal(err)
	}
	e := &testEnv{t: t, bc: bc, st: trie.NewStackTrie(nil)}
	for _, a := range accts {
		e.keys = append(e.keys, secp256k1.PrivKeyFromBytes(a.PrivateKey[:]))
	}
	return e
}

func (e *testEnv) signer() ethtypes.Signer { return ethtypes.LatestSigner(e.bc.Config().ChainID) }

// make builds a child of parent with ntx transactions: value transfers to
// fresh addresses, every third one a token creation.
func (e *testEnv) make(parent *ethtypes.Block, ntx int) *ethtypes.Block {
	t := e.t
	t.Helper()
	bc := e.bc
	cfg := bc.Config()
	ph := parent.Header
	e.salt++
	h := &ethtypes.Header{
		ParentHash: parent.Hash(), Coinbase: ethtypes.Address{0xc0, byte(e.salt)}, Number: ph.Number + 1,
		GasLimit: ph.GasLimit, Time: ph.Time + 12, UncleHash: ethtypes.UncleHash(nil),
		Extra: []byte{byte(e.salt >> 8), byte(e.salt)},
	}
	h.Difficulty = *bc.Engine().CalcDifficulty(bc, h.Time, ph)
	bf := ethchain.CalcBaseFee(cfg, ph)
	h.BaseFee = &bf
	rules := ethchain.HeaderRules(cfg, h)
	wh := ethtypes.EmptyRootHash
	h.WithdrawalsHash = &wh
	if rules.IsCancun {
		ex, used := ethchain.CalcExcessBlobGas(ph, *cfg.BlobSchedule.Cancun), uint64(0)
		h.ExcessBlobGas, h.BlobGasUsed, h.ParentBeaconRoot = &ex, &used, new(ethtypes.Hash)
	}
	sdb, err := bc.StateAt(ph.Root)
	if err != nil {
		t.Fatal(err)
	}
	signer := ethtypes.MakeSigner(rules, cfg.ChainID)
	var chainID uint256.Int
	chainID.SetUint64(cfg.ChainID)
	sent := map[int]uint64{}
	txs := make(ethtypes.Transactions, 0, ntx)
	for i := range ntx {
		k := (i + int(e.salt)) % len(e.keys)
		from := ethtypes.PubkeyToAddress(e.keys[k].PubKey())
		to := &ethtypes.Address{0xee, byte(i), byte(e.salt % 5)}
		gas, data := uint64(21000), []byte(nil)
		if i%3 == 2 {
			to, gas, data = nil, 200_000, tokenInitCode()
		}
		tx, err := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.DynamicFeeTx{
			ChainID: chainID, Nonce: sdb.GetNonce(from) + sent[k], GasTipCap: *uint256.NewInt(1e9),
			GasFeeCap: *uint256.NewInt(100e9), Gas: gas, To: to, Value: *uint256.NewInt(1), Data: data,
		}), signer, e.keys[k])
		if err != nil {
			t.Fatal(err)
		}
		sent[k]++
		txs = append(txs, tx)
	}
	getHash := func(n uint64) ethtypes.Hash {
		for b := parent; b != nil; {
			if b.Number() == n {
				return b.Hash()
			}
			if b.Number() < n || b.Number() == 0 {
				break
			}
			b, _ = bc.GetBlockByHash(b.Header.ParentHash)
		}
		return ethtypes.Hash{}
	}
	tmp := ethtypes.NewBlock(h, txs, nil, ethtypes.Withdrawals{})
	res, err := ethchain.ProcessWith(cfg, tmp, sdb, getHash, evm.Config{}, func(s *statedb.StateDB) {
		bc.Engine().Finalize(bc, h, s, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	root, err := sdb.IntermediateRoot(true)
	if err != nil {
		t.Fatal(err)
	}
	h.Root, h.GasUsed, h.Bloom = root, res.GasUsed, res.Bloom
	h.TxHash = ethtypes.Hash(trie.DeriveSha(txs, e.st))
	h.ReceiptHash = ethtypes.Hash(trie.DeriveSha(res.Receipts, e.st))
	return ethtypes.NewBlock(h, txs, nil, ethtypes.Withdrawals{})
}

// extend builds and inserts n blocks on parent.
func (e *testEnv) extend(parent *ethtypes.Block, n, ntx int) []*ethtypes.Block {
	e.t.Helper()
	var out []*ethtypes.Block
	for range n {
		b := e.make(parent, ntx)
		if _, err := e.bc.InsertChain([]*ethtypes.Block{b}); err != nil {
			e.t.Fatalf("block %d: %v", b.Number(), err)
		}
		out = append(out, b)
		parent = b
	}
	return out
}

// subscribe feeds the chain's head events to ix, as the node does.
func subscribe(bc *ethchain.BlockChain, ix *Index) func() {
	return bc.SubscribeChainEvents(func(ev ethchain.ChainEvent) {
		switch ev.Kind {
		case ethchain.EventNewHead, ethchain.EventSetHead:
			ix.ChainUpdate(Update{Removed: ev.Removed, Added: ev.Added, Receipts: ev.Receipts})
		}
	})
}

func openIndex(t *testing.T, e *testEnv, store kv.Store, dir string) *Index {
	t.Helper()
	ix, err := Open(Config{Chain: e.bc, Signer: e.signer(), Store: store, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	unsub := subscribe(e.bc, ix)
	t.Cleanup(func() { unsub(); ix.Close() })
	ix.Start()
	waitSynced(t, ix, e)
	return ix
}

func waitSynced(t *testing.T, ix *Index, e *testEnv) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		h, _, ok := ix.Best()
		if ix.Synced() && ok && h == e.bc.CurrentBlock().Hash() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("address index did not catch up")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// model computes the expected records naively from the canonical chain.
type model struct {
	txs       map[ethtypes.Address][]TxRef    // oldest first
	transfers map[ethtypes.Address][]Transfer // oldest first
}

func buildModel(t *testing.T, e *testEnv) *model {
	t.Helper()
	m := &model{txs: map[ethtypes.Address][]TxRef{}, transfers: map[ethtypes.Address][]Transfer{}}
	head := e.bc.CurrentBlock().Number()
	for n := uint64(0); n <= head; n++ {
		b, ok := e.bc.GetBlockByNumber(n)
		if !ok {
			t.Fatalf("no block %d", n)
		}
		rs, ok := e.bc.GetReceipts(b.Hash())
		if !ok {
			t.Fatalf("no receipts for %d", n)
		}
		li := uint32(0)
		for i, tx := range b.Txs {
			from, err := ethtypes.Sender(e.signer(), tx)
			if err != nil {
				t.Fatal(err)
			}
			roles := map[ethtypes.Address]Role{from: RoleSender}
			if to, ok := tx.To(); ok {
				roles[to] |= RoleRecipient
			} else {
				roles[ethtypes.CreateAddress(from, tx.Nonce())] |= RoleCreated
			}
			for a, r := range roles {
				m.txs[a] = append(m.txs[a], TxRef{Hash: tx.Hash(), Number: n, Index: uint32(i), Roles: r})
			}
			for _, l := range rs[i].Logs {
				if len(l.Topics) == 3 && l.Topics[0] == transferTopic {
					tr := Transfer{Token: l.Address, TxHash: tx.Hash(), Number: n, TxIndex: uint32(i), LogIndex: li}
					copy(tr.From[:], l.Topics[1][12:])
					copy(tr.To[:], l.Topics[2][12:])
					tr.Value.SetBytes(l.Data)
					seen := map[ethtypes.Address]bool{}
					for _, a := range []ethtypes.Address{tr.From, tr.To, tr.Token} {
						if !seen[a] {
							seen[a] = true
							m.transfers[a] = append(m.transfers[a], tr)
						}
					}
				}
				li++
			}
		}
	}
	return m
}

func verify(t *testing.T, ix *Index, e *testEnv) (addrs, transfers int) {
	t.Helper()
	m := buildModel(t, e)
	for a, want := range m.txs {
		want = slices.Clone(want)
		slices.Reverse(want)
		got, err := ix.Txs(a, 0, 0)
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("Txs(%x): %d records (%v), want %d", a[:4], len(got), err, len(want))
		}
		c, err := ix.Counts(a)
		if err != nil || c.Txs != uint64(len(want)) || c.Transfers != uint64(len(m.transfers[a])) {
			t.Fatalf("Counts(%x) = %+v, %v", a[:4], c, err)
		}
		// Paging by cursor.
		var paged []TxRef
		page, _ := ix.Txs(a, 0, 2)
		for len(page) > 0 {
			paged = append(paged, page...)
			last := page[len(page)-1]
			page, _ = ix.TxsBefore(a, last.Number, last.Index, 2)
		}
		if !slices.Equal(paged, want) {
			t.Fatalf("TxsBefore paging of %x: %d records, want %d", a[:4], len(paged), len(want))
		}
	}
	for a, want := range m.transfers {
		want = slices.Clone(want)
		slices.Reverse(want)
		got, err := ix.Transfers(a, 0, 0)
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("Transfers(%x): %d records (%v), want %d", a[:4], len(got), err, len(want))
		}
		if len(want) > 1 {
			got, _ := ix.TransfersBefore(a, want[0].Number, want[0].LogIndex, 1)
			if len(got) != 1 || got[0] != want[1] {
				t.Fatalf("TransfersBefore(%x): %+v", a[:4], got)
			}
			got, _ = ix.Transfers(a, 1, 1)
			if len(got) != 1 || got[0] != want[1] {
				t.Fatalf("Transfers skip 1 of %x: %+v", a[:4], got)
			}
		}
		transfers += len(want)
	}
	return len(m.txs), transfers
}

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

func scratchDump(t *testing.T, e *testEnv) map[string]string {
	t.Helper()
	st := memdb.New()
	ix, err := Open(Config{Chain: e.bc, Signer: e.signer(), Store: st})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.Start()
	waitSynced(t, ix, e)
	return dump(t, st)
}

func TestIndexBuildAndReorg(t *testing.T) {
	e := newEnv(t)
	main := e.extend(e.bc.Genesis(), 6, 4)
	st := memdb.New()
	ix := openIndex(t, e, st, "") // catch-up
	a, tr := verify(t, ix, e)
	t.Logf("catch-up: %d addresses, %d transfer records", a, tr)
	main = append(main, e.extend(main[len(main)-1], 4, 5)...) // live updates
	a, tr = verify(t, ix, e)
	t.Logf("live: %d addresses, %d transfer records", a, tr)

	if tr == 0 {
		t.Fatal("no token transfers indexed")
	}

	// A longer branch from block 7 replaces blocks 8-10.
	fork := e.extend(main[6], 4, 3)
	if e.bc.CurrentBlock().Hash() != fork[3].Hash() {
		t.Fatal("fork did not become the head")
	}
	waitSynced(t, ix, e)
	a, tr = verify(t, ix, e)
	t.Logf("after reorg: %d addresses, %d transfer records", a, tr)
	sameDump(t, "incremental vs rebuilt", dump(t, st), scratchDump(t, e))

	// SetHead back below the fork point (the chain deletes the removed
	// blocks), then a new branch.
	if err := e.bc.SetHead(7); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, ix, e)
	verify(t, ix, e)
	sameDump(t, "after SetHead", dump(t, st), scratchDump(t, e))
	e.extend(main[6], 2, 4)
	waitSynced(t, ix, e)
	verify(t, ix, e)
	sameDump(t, "after SetHead and a new branch", dump(t, st), scratchDump(t, e))
}

func TestIndexReopenAndRebuild(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	main := e.extend(e.bc.Genesis(), 5, 3)
	ix := openIndex(t, e, nil, dir)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// The chain moves on and reorganises while the index is closed.
	e.extend(main[2], 5, 3)
	ix = openIndex(t, e, nil, dir)
	verify(t, ix, e)
	if _, n, _ := ix.Best(); n != 8 {
		t.Fatalf("best %d, want 8", n)
	}
}

// failingStore fails batch writes once its budget runs out, as a crash
// stops the writes; Close leaves the inner store open.
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

func TestIndexCrashCatchUp(t *testing.T) {
	e := newEnv(t)
	main := e.extend(e.bc.Genesis(), 8, 3)
	inner := memdb.New()
	stopped := make(chan error, 1)
	ix, err := Open(Config{Chain: e.bc, Signer: e.signer(), Store: &failingStore{Store: inner, budget: 5}, Progress: func(_ uint64, synced bool, err error) {
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
	if _, n, _ := ix.Best(); n != 4 {
		t.Fatalf("best %d after the crash, want 4", n)
	}
	ix.Close()
	e.extend(main[3], 6, 2) // reorg while down
	ix2 := openIndex(t, e, inner, "")
	verify(t, ix2, e)
	sameDump(t, "after crash", dump(t, inner), scratchDump(t, e))
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		f    func() error
	}{
		{"short tx", func() error { _, err := decodeTx(make([]byte, txKeySize), make([]byte, 32)); return err }},
		{"tx without roles", func() error { _, err := decodeTx(make([]byte, txKeySize), make([]byte, txValueSize)); return err }},
		{"short transfer", func() error { _, err := decodeTransfer(make([]byte, 3), make([]byte, transferValSize)); return err }},
		{"short counts", func() error { _, err := decodeCounts(make([]byte, 15)); return err }},
		{"short best", func() error { _, _, err := decodeBest(make([]byte, 39)); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.f(); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("got %v, want ErrCorrupt", err)
			}
		})
	}
}

// FuzzDecodeRecords decodes arbitrary records: never a panic, and decoded
// records encode back to the same bytes.
func FuzzDecodeRecords(f *testing.F) {
	tr := Transfer{Token: ethtypes.Address{1}, From: ethtypes.Address{2}, To: ethtypes.Address{3}, Value: *uint256.NewInt(42), TxIndex: 7}
	f.Add(transferKey(nil, ethtypes.Address{1}, 9, 3), encodeTransfer(nil, &tr))
	f.Add(txKey(nil, ethtypes.Address{1}, 9, 3), append(make([]byte, 32), 3))
	f.Add([]byte{}, encodeCounts(Counts{Txs: 2, Transfers: 1}))
	f.Fuzz(func(t *testing.T, k, v []byte) {
		if r, err := decodeTransfer(k, v); err == nil {
			if string(encodeTransfer(nil, &r)) != string(v) {
				t.Fatal("transfer round trip")
			}
		}
		if r, err := decodeTx(k, v); err == nil {
			if string(append(r.Hash[:], byte(r.Roles))) != string(v) {
				t.Fatal("tx round trip")
			}
		}
		if c, err := decodeCounts(v); err == nil && string(encodeCounts(c)) != string(v) {
			t.Fatal("counts round trip")
		}
		if h, n, err := decodeBest(v); err == nil && string(encodeBest(h, n)) != string(v) {
			t.Fatal("best round trip")
		}
	})
}
