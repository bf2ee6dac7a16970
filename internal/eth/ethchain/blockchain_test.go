package ethchain

import (
	"context"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethrawdb"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/kv/memdb"
	"github.com/twinchain/twinchain/internal/kv/pebble"
)

// TestDevAccounts checks the well-known Hardhat/anvil accounts.
func TestDevAccounts(t *testing.T) {
	accts, err := DevAccounts(2)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ addr, key string }{
		{"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"},
		{"0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"},
	}
	for i, w := range want {
		if got := accts[i].Address.Hex(); got != w.addr {
			t.Errorf("account %d address %s, want %s", i, got, w.addr)
		}
		if got := hex.EncodeToString(accts[i].PrivateKey[:]); got != w.key {
			t.Errorf("account %d key %s, want %s", i, got, w.key)
		}
	}
}

// TestDevGenesis checks the dev network's genesis and rules.
func TestDevGenesis(t *testing.T) {
	g := testGenesis(t)
	if len(g.Alloc) != DevAccountCount || g.Config.ChainID != 1337 {
		t.Fatalf("alloc %d chain id %d", len(g.Alloc), g.Config.ChainID)
	}
	if err := g.Config.Validate(); err != nil {
		t.Fatal(err)
	}
	b, err := g.ToBlock()
	if err != nil {
		t.Fatal(err)
	}
	h := b.Header
	if h.GasLimit != DevGasLimit || h.BaseFee == nil || h.BaseFee.Uint64() != 1e9 || h.WithdrawalsHash == nil ||
		h.ExcessBlobGas == nil || h.ParentBeaconRoot == nil || h.Difficulty.Uint64() != 1 {
		t.Fatalf("genesis header %+v", h)
	}
	r := HeaderRules(g.Config, h)
	if !r.IsCancun || !r.IsShanghai || !r.IsMerge || IsPoSHeader(g.Config, h) {
		t.Fatalf("dev rules %+v", r)
	}
}

const testGenesisJSON = `{
  "config": {"chainId": 7, "homesteadBlock": 0, "eip150Block": 0, "eip155Block": 0, "eip158Block": 0,
    "byzantiumBlock": 0, "constantinopleBlock": 0, "petersburgBlock": 0, "istanbulBlock": 0, "berlinBlock": 0,
    "londonBlock": 0, "ethash": {}},
  "nonce": "0x42", "timestamp": "0x10", "extraData": "0x1234", "gasLimit": "0x1c9c380",
  "difficulty": "0x400", "mixHash": "0x0000000000000000000000000000000000000000000000000000000000000000",
  "coinbase": "0x0000000000000000000000000000000000000000", "baseFeePerGas": "1000",
  "alloc": {
    "0x00000000000000000000000000000000000000aa": {"balance": "1000000000000000000", "nonce": "0x2",
      "code": "0x6001600055", "storage": {"0x01": "0x02"}},
    "00000000000000000000000000000000000000bb": {"balance": "0xff"}
  }
}`

// TestParseGenesis parses a geth genesis file.
func TestParseGenesis(t *testing.T) {
	g, err := ParseGenesis([]byte(testGenesisJSON))
	if err != nil {
		t.Fatal(err)
	}
	if g.Config.ChainID != 7 || g.Nonce != 0x42 || g.Timestamp != 16 || g.GasLimit != 30_000_000 ||
		g.Difficulty.Uint64() != 1024 || g.BaseFee.Uint64() != 1000 || len(g.ExtraData) != 2 {
		t.Fatalf("genesis %+v", g)
	}
	a := g.Alloc[ethtypes.Address{19: 0xaa}]
	if a.Balance.Uint64() != 1e18 || a.Nonce != 2 || len(a.Code) != 5 || a.Storage[ethtypes.Hash{31: 1}] != (ethtypes.Hash{31: 2}) {
		t.Fatalf("alloc %+v", a)
	}
	if b := g.Alloc[ethtypes.Address{19: 0xbb}]; b.Balance.Uint64() != 255 {
		t.Fatalf("alloc bb %+v", b)
	}
	b1, err := g.ToBlock()
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := g.ToBlock()
	if b1.Hash() != b2.Hash() || b1.Header.Nonce != [8]byte{7: 0x42} || b1.Header.WithdrawalsHash != nil {
		t.Fatalf("genesis block %+v", b1.Header)
	}
	for name, bad := range map[string]string{
		"no config": `{"gasLimit": "0x10"}`,
		"bad gas":   `{"config": {"chainId": 1}, "gasLimit": "zz"}`,
		"bad alloc": `{"config": {"chainId": 1}, "alloc": {"0xzz": {}}}`,
		"not json":  `{`,
	} {
		if _, err := ParseGenesis([]byte(bad)); !errors.Is(err, ErrInvalidGenesis) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestBlockChainGenesis opens, reopens and mismatches genesis.
func TestBlockChainGenesis(t *testing.T) {
	db := memdb.New()
	bc := newTestChain(t, db, nil)
	st, err := bc.State()
	if err != nil {
		t.Fatal(err)
	}
	accts, _ := DevAccounts(1)
	if bal := st.GetBalance(accts[0].Address); bal != DevAccountBalance {
		t.Fatalf("dev balance %s", &bal)
	}
	if bc.CurrentBlock().Hash() != bc.Genesis().Hash() || bc.CurrentBlock().Number() != 0 {
		t.Fatal("head is not genesis")
	}
	// Reopen without a genesis: the stored config is used.
	bc2, err := NewBlockChain(db, Config{Engine: testEngine()})
	if err != nil {
		t.Fatal(err)
	}
	if bc2.Config().ChainID != DevChainID || bc2.Genesis().Hash() != bc.Genesis().Hash() {
		t.Fatal("reopened chain differs")
	}
	other, _ := ParseGenesis([]byte(testGenesisJSON))
	if _, err := NewBlockChain(db, Config{Genesis: other, Engine: testEngine()}); !errors.Is(err, ErrGenesisMismatch) {
		t.Fatalf("mismatch: %v", err)
	}
	if _, err := NewBlockChain(memdb.New(), Config{Engine: testEngine()}); !errors.Is(err, ErrNoGenesis) {
		t.Fatalf("no genesis: %v", err)
	}
}

// TestBlockChainInsertReorg inserts a chain and a heavier side chain.
func TestBlockChainInsertReorg(t *testing.T) {
	bc := newTestChain(t, memdb.New(), nil)
	var events []ChainEvent
	unsub := bc.SubscribeChainEvents(func(ev ChainEvent) { events = append(events, ev) })
	defer unsub()
	g := newBlockGen(t, bc)
	a := g.chain(bc.Genesis(), ethtypes.Address{0xa}, 3, 2)
	if bc.CurrentBlock().Hash() != a[2].Hash() {
		t.Fatal("head is not a3")
	}
	txA := a[1].Txs[0].Hash()
	if _, loc, ok := bc.GetTransaction(txA); !ok || loc.BlockHash != a[1].Hash() {
		t.Fatal("tx lookup of a2")
	}
	if rs, ok := bc.GetReceipts(a[1].Hash()); !ok || len(rs) != 2 || rs[1].CumulativeGasUsed != 42000 || rs[0].BlockHash != a[1].Hash() {
		t.Fatalf("receipts %v %v", rs, ok)
	}
	// Side chain: b1..b3 are side blocks, b4 makes it heavier (reorg).
	b := g.chain(bc.Genesis(), ethtypes.Address{0xb}, 4, 1)
	if bc.CurrentBlock().Hash() != b[3].Hash() {
		t.Fatal("head is not b4")
	}
	if len(events) != 7 {
		t.Fatalf("%d events", len(events))
	}
	for i := 3; i < 6; i++ {
		if events[i].Kind != EventSideBlock {
			t.Errorf("event %d kind %d", i, events[i].Kind)
		}
	}
	re := events[6]
	if re.Kind != EventNewHead || len(re.Removed) != 3 || len(re.Added) != 4 || re.Removed[0].Hash() != a[2].Hash() ||
		re.Added[0].Hash() != b[0].Hash() || re.Added[3].Hash() != b[3].Hash() {
		t.Fatalf("reorg event removed %d added %d", len(re.Removed), len(re.Added))
	}
	if got, ok := bc.GetBlockByNumber(2); !ok || got.Hash() != b[1].Hash() {
		t.Fatal("canonical 2 is not b2")
	}
	if _, _, ok := bc.GetTransaction(txA); ok {
		t.Fatal("tx of a removed block still indexed")
	}
	// Side blocks stay: a3 is still stored and extendable.
	if _, ok := bc.GetBlockByHash(a[2].Hash()); !ok {
		t.Fatal("side block a3 lost")
	}
	td, _ := bc.GetTd(b[3].Hash(), 4)
	if td.Uint64() != 5 {
		t.Fatalf("td %d", td.Uint64())
	}
	// Known blocks: InsertChain skips, InsertBlock reports.
	if n, err := bc.InsertChain(b); err != nil || n != 4 {
		t.Fatalf("reinsert: %d %v", n, err)
	}
	if err := bc.InsertBlock(b[0]); !errors.Is(err, ErrKnownBlock) {
		t.Fatalf("known: %v", err)
	}
	// An invalid block is rejected and changes nothing.
	bad := g.make(b[3], ethtypes.Address{0xc}, 1, nil)
	hdr := *bad.Header
	hdr.Root[0] ^= 1
	badBlock := ethtypes.NewBlock(&hdr, bad.Txs, nil, bad.Withdrawals)
	if n, err := bc.InsertChain([]*ethtypes.Block{badBlock}); n != 0 || !errors.Is(err, ErrStateRootMismatch) {
		t.Fatalf("bad root: %d %v", n, err)
	}
	orphan := ethtypes.NewBlock(&ethtypes.Header{ParentHash: ethtypes.Hash{1}, Number: 9}, nil, nil, nil)
	if _, err := bc.InsertChain([]*ethtypes.Block{orphan}); !errors.Is(err, ErrUnknownAncestor) {
		t.Fatalf("orphan: %v", err)
	}
	if bc.CurrentBlock().Hash() != b[3].Hash() {
		t.Fatal("head moved")
	}
}

// TestBlockChainUncles includes an uncle and checks the rewards.
func TestBlockChainUncles(t *testing.T) {
	bc := newTestChain(t, memdb.New(), nil)
	g := newBlockGen(t, bc)
	main := g.chain(bc.Genesis(), ethtypes.Address{0xa}, 3, 0)
	uncleMiner, miner := ethtypes.Address{0x0c}, ethtypes.Address{0x0d}
	u := g.chain(main[0], uncleMiner, 1, 0)[0] // a side block at height 2
	b4 := g.make(main[2], miner, 0, []*ethtypes.Header{u.Header})
	if _, err := bc.InsertChain([]*ethtypes.Block{b4}); err != nil {
		t.Fatal(err)
	}
	st, err := bc.State()
	if err != nil {
		t.Fatal(err)
	}
	// The uncle's own block reward is on a side chain: only the uncle
	// share counts on the canonical state.
	var wantUncle, wantMiner, share uint256.Int
	wantUncle.Mul(testReward, uint256.NewInt(6))
	wantUncle.Rsh(&wantUncle, 3)
	share.Rsh(testReward, 5)
	wantMiner.Add(testReward, &share)
	if got := st.GetBalance(uncleMiner); got != wantUncle {
		t.Errorf("uncle miner %s, want %s", &got, &wantUncle)
	}
	if got := st.GetBalance(miner); got != wantMiner {
		t.Errorf("miner %s, want %s", &got, &wantMiner)
	}
	// The same uncle again, or the parent's sibling as uncle of a block
	// that already has it, is rejected.
	dup := g.make(b4, miner, 0, []*ethtypes.Header{u.Header})
	if _, err := bc.InsertChain([]*ethtypes.Block{dup}); err == nil {
		t.Fatal("duplicate uncle accepted")
	}
}

// TestBlockChainPruning keeps the last 128 states.
func TestBlockChainPruning(t *testing.T) {
	bc := newTestChain(t, memdb.New(), nil)
	g := newBlockGen(t, bc)
	blocks := g.chain(bc.Genesis(), ethtypes.Address{0xa}, 140, 1)
	if _, err := bc.Prune(); err != nil {
		t.Fatal(err)
	}
	head := bc.CurrentBlock().Number()
	for _, b := range blocks {
		_, err := bc.StateAt(b.Header.Root)
		switch kept := b.Number()+ethrawdb.DefaultStateRetention > head; {
		case kept && err != nil:
			t.Fatalf("state of %d: %v", b.Number(), err)
		case !kept && !errors.Is(err, ErrMissingState):
			t.Fatalf("pruned state of %d: %v", b.Number(), err)
		}
	}
	if _, err := bc.StateAt(bc.Genesis().Header.Root); !errors.Is(err, ErrMissingState) {
		t.Fatalf("genesis state: %v", err)
	}
	// Old canonical blocks are known even without their state.
	if n, err := bc.InsertChain(blocks[:3]); err != nil || n != 3 {
		t.Fatalf("reinsert of pruned blocks: %d %v", n, err)
	}
	// The chain keeps importing after pruning.
	g.chain(bc.CurrentBlock(), ethtypes.Address{0xa}, 2, 1)
}

// TestBlockChainAutoPrune runs the background prune.
func TestBlockChainAutoPrune(t *testing.T) {
	bc := newTestChain(t, memdb.New(), func(c *Config) { c.NoAutoPrune = false; c.StateRetention = 4; c.PruneInterval = 2 })
	g := newBlockGen(t, bc)
	blocks := g.chain(bc.Genesis(), ethtypes.Address{0xa}, 12, 1)
	bc.WaitPrune()
	if bc.HasState(blocks[0].Header.Root) {
		t.Fatal("old state kept")
	}
	if !bc.HasState(blocks[11].Header.Root) {
		t.Fatal("head state pruned")
	}
}

// TestBlockChainCrash reopens after a crash without Stop and after a
// non-atomic write left a head block without its state.
func TestBlockChainCrash(t *testing.T) {
	db := memdb.New()
	bc := newTestChain(t, db, nil)
	g := newBlockGen(t, bc)
	blocks := g.chain(bc.Genesis(), ethtypes.Address{0xa}, 5, 2)
	// Crash without Stop: everything written is there.
	bc2 := newTestChain(t, db, nil)
	if bc2.CurrentBlock().Hash() != blocks[4].Hash() {
		t.Fatal("head lost after a crash")
	}
	// A block whose data and head pointer were written but not its state
	// (a writer that did not batch): Repair rewinds to block 5.
	next := g.make(blocks[4], ethtypes.Address{0xa}, 2, nil)
	w := db.NewBatch()
	td := uint256.NewInt(7)
	if err := ethrawdb.WriteBlockWithReceipts(w, next, nil, td); err != nil {
		t.Fatal(err)
	}
	if err := ethrawdb.WriteCanonicalHead(w, next); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(true); err != nil {
		t.Fatal(err)
	}
	bc3 := newTestChain(t, db, nil)
	if bc3.CurrentBlock().Hash() != blocks[4].Hash() {
		t.Fatalf("head %d after repair", bc3.CurrentBlock().Number())
	}
	// The block inserts properly afterwards.
	if _, err := bc3.InsertChain([]*ethtypes.Block{next}); err != nil {
		t.Fatal(err)
	}
	if bc3.CurrentBlock().Hash() != next.Hash() {
		t.Fatal("head is not the reinserted block")
	}
}

// TestBlockChainPebble inserts, closes and reopens on Pebble.
func TestBlockChainPebble(t *testing.T) {
	dir := t.TempDir()
	db, err := pebble.Open(dir, pebble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bc := newTestChain(t, db, nil)
	g := newBlockGen(t, bc)
	blocks := g.chain(bc.Genesis(), ethtypes.Address{0xa}, 5, 3)
	if err := bc.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := bc.InsertChain(blocks); !errors.Is(err, ErrChainStopped) {
		t.Fatalf("insert after stop: %v", err)
	}
	db2, err := pebble.Open(dir, pebble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bc2 := newTestChain(t, db2, nil)
	defer bc2.Stop()
	if bc2.CurrentBlock().Hash() != blocks[4].Hash() {
		t.Fatal("head lost after reopen")
	}
	if _, err := bc2.State(); err != nil {
		t.Fatal(err)
	}
	if got, ok := bc2.GetBlockByNumber(3); !ok || got.Hash() != blocks[2].Hash() || len(got.Txs) != 3 {
		t.Fatal("block 3")
	}
}

// TestBlockChainSetHead rewinds the head and builds a new branch.
func TestBlockChainSetHead(t *testing.T) {
	bc := newTestChain(t, memdb.New(), nil)
	var last ChainEvent
	bc.SubscribeChainEvents(func(ev ChainEvent) { last = ev })
	g := newBlockGen(t, bc)
	blocks := g.chain(bc.Genesis(), ethtypes.Address{0xa}, 5, 1)
	if err := bc.SetHead(2); err != nil {
		t.Fatal(err)
	}
	if bc.CurrentBlock().Hash() != blocks[1].Hash() || last.Kind != EventSetHead || len(last.Removed) != 3 {
		t.Fatal("set head")
	}
	if _, ok := bc.GetBlockByNumber(3); ok {
		t.Fatal("canonical 3 still there")
	}
	if _, _, ok := bc.GetTransaction(blocks[3].Txs[0].Hash()); ok {
		t.Fatal("tx lookup of a rewound block")
	}
	if _, ok := bc.GetBlockByHash(blocks[2].Hash()); ok {
		t.Fatal("rewound block still stored")
	}
	// The same blocks import again and become the head.
	if n, err := bc.InsertChain(blocks[2:]); err != nil || n != 3 || bc.CurrentBlock().Hash() != blocks[4].Hash() {
		t.Fatalf("reimport: %d %v", n, err)
	}
	if err := bc.SetHead(2); err != nil {
		t.Fatal(err)
	}
	nb := g.chain(blocks[1], ethtypes.Address{0xb}, 1, 1)
	if bc.CurrentBlock().Hash() != nb[0].Hash() {
		t.Fatal("new branch is not the head")
	}
	if err := bc.SetHead(10); !errors.Is(err, ErrUnknownBlock) {
		t.Fatalf("set head above: %v", err)
	}
}

// FuzzParseGenesis checks that ParseGenesis never panics and that what it
// accepts builds a block.
func FuzzParseGenesis(f *testing.F) {
	f.Add([]byte(testGenesisJSON))
	f.Add([]byte(`{"config": {"chainId": 1}, "alloc": {"aa": {"balance": "1"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ParseGenesis(data)
		if err != nil {
			return
		}
		if _, err := g.ToBlock(); err != nil {
			t.Fatal(err)
		}
	})
}

// TestDevChainCancunOpcodes runs Shanghai's and Cancun's opcodes on the
// proof-of-work dev chain: init code PUSH0 PUSH0 TSTORE, then MCOPY, then
// a log of PREVRANDAO... must succeed.
func TestDevChainCancunOpcodes(t *testing.T) {
	bc := newTestChain(t, memdb.New(), nil)
	g := newBlockGen(t, bc)
	// PUSH0 PUSH0 TSTORE; PUSH1 1 PUSH0 PUSH0 MCOPY; PREVRANDAO PUSH0 MSTORE;
	// PUSH1 32 PUSH0 LOG0; STOP
	g.data = []byte{0x5f, 0x5f, 0x5d, 0x60, 0x01, 0x5f, 0x5f, 0x5e, 0x44, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xa0, 0x00}
	var logs []ethtypes.Log
	bc.SubscribeChainEvents(func(ev ChainEvent) { logs = append(logs, ev.AddedLogs...) })
	b := g.chain(bc.Genesis(), ethtypes.Address{0xa}, 1, 1)[0]
	rs, ok := bc.GetReceipts(b.Hash())
	if !ok || len(rs) != 1 || rs[0].Status != ethtypes.ReceiptStatusSuccessful {
		t.Fatalf("receipts %+v", rs)
	}
	if len(logs) != 1 || len(logs[0].Data) != 32 || ethtypes.Hash(logs[0].Data) != b.Header.ParentHash {
		t.Fatalf("logs %+v", logs)
	}
	if b.Header.Difficulty.IsZero() || IsPoSHeader(bc.Config(), b.Header) {
		t.Fatal("dev block is not proof of work")
	}
}

// TestBlockChainEthash imports a block sealed with Ethash (small dev
// sizes, the chain's header rules as HeaderCheck) and rejects a bad seal.
func TestBlockChainEthash(t *testing.T) {
	cfg := DevChainConfig()
	engine, err := ethconsensus.New(ethconsensus.Config{
		CacheBytes: 64 * 67, DatasetBytes: 128 * 1031, Threads: 2, BombOff: true,
		HeaderCheck: func(h, parent *ethtypes.Header) error { return VerifyHeader(cfg, h, parent) },
	})
	if err != nil {
		t.Fatal(err)
	}
	bc := newTestChain(t, memdb.New(), func(c *Config) { c.Engine = engine })
	g := newBlockGen(t, bc)
	// Contract creations that log PREVRANDAO: executed before the seal
	// sets the mix digest, so PREVRANDAO must not depend on it.
	g.data = []byte{0x44, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xa0, 0x00}
	b := g.make(bc.Genesis(), ethtypes.Address{0xa}, 2, nil)
	if b.Header.Difficulty.Uint64() != ethconsensus.MinimumDifficulty {
		t.Fatalf("difficulty %s", b.Header.Difficulty.Dec())
	}
	bad := *b.Header
	bad.Nonce[0] ^= 0xff
	if _, err := bc.InsertChain([]*ethtypes.Block{ethtypes.NewBlock(&bad, b.Txs, nil, b.Withdrawals)}); err == nil {
		t.Fatal("unsealed block accepted")
	}
	sealed, err := engine.Seal(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bc.InsertChain([]*ethtypes.Block{sealed}); err != nil {
		t.Fatal(err)
	}
	if bc.CurrentBlock().Hash() != sealed.Hash() {
		t.Fatal("sealed block is not the head")
	}
	var want uint256.Int
	want.SetUint64(ethconsensus.MinimumDifficulty + 1)
	if td := bc.CurrentTd(); td != want {
		t.Fatalf("td %s", td.Dec())
	}
}

// TestBlockChainConcurrentReaders reads the chain while blocks are
// imported and pruned (run with -race).
func TestBlockChainConcurrentReaders(t *testing.T) {
	bc := newTestChain(t, memdb.New(), func(c *Config) { c.NoAutoPrune = false; c.StateRetention = 8; c.PruneInterval = 3 })
	g := newBlockGen(t, bc)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 200 {
			head := bc.CurrentBlock()
			if _, ok := bc.GetBlockByNumber(head.Number()); !ok && head.Number() > 0 {
				// The head may have moved on; the block must exist by hash.
				if _, ok := bc.GetBlockByHash(head.Hash()); !ok {
					t.Error("head block not readable")
					return
				}
			}
			_, _ = bc.GetReceipts(head.Hash())
		}
	}()
	g.chain(bc.Genesis(), ethtypes.Address{0xa}, 30, 2)
	<-done
	bc.WaitPrune()
	if err := bc.Stop(); err != nil {
		t.Fatal(err)
	}
}

// TestBlockChainDeferSync inserts without sync (Config.DeferSync) on
// Pebble: Stop makes the blocks durable, and a reopened chain has them.
func TestBlockChainDeferSync(t *testing.T) {
	dir := t.TempDir()
	db, err := pebble.Open(dir, pebble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bc := newTestChain(t, db, func(c *Config) { c.DeferSync = true })
	g := newBlockGen(t, bc)
	blocks := g.chain(bc.Genesis(), ethtypes.Address{0xa}, 4, 2) // InsertChain
	next := g.make(blocks[3], ethtypes.Address{0xa}, 2, nil)
	if err := bc.InsertBlock(next); err != nil {
		t.Fatal(err)
	}
	bc.insertMu.Lock()
	unsynced := bc.unsynced
	bc.insertMu.Unlock()
	if !unsynced {
		t.Fatal("DeferSync chain reports no unsynced blocks")
	}
	if err := bc.Stop(); err != nil {
		t.Fatal(err)
	}
	if bc.unsynced {
		t.Fatal("Stop left blocks unsynced")
	}
	db2, err := pebble.Open(dir, pebble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bc2 := newTestChain(t, db2, nil)
	defer bc2.Stop()
	if bc2.CurrentBlock().Hash() != next.Hash() {
		t.Fatalf("head %d after reopen, want %d", bc2.CurrentBlock().Number(), next.Number())
	}
	if _, err := bc2.State(); err != nil {
		t.Fatal(err)
	}
}
