package ethrawdb

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// blockRLP is a block's canonical encoding, for comparisons.
func blockRLP(b *ethtypes.Block) []byte { return b.AppendRLP(nil) }

func TestSchemaVersion(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db kv.Store) {
		if _, err := ReadDatabaseVersion(db); !errors.Is(err, ErrNotFound) {
			t.Fatalf("new db version: %v, want ErrNotFound", err)
		}
		if err := CheckSchemaVersion(db); err != nil {
			t.Fatal(err)
		}
		if v, err := ReadDatabaseVersion(db); err != nil || v != SchemaVersion {
			t.Fatalf("version %d, %v", v, err)
		}
		if err := CheckSchemaVersion(db); err != nil {
			t.Fatal(err)
		}
		if err := WriteDatabaseVersion(db, SchemaVersion+1); err != nil {
			t.Fatal(err)
		}
		if err := CheckSchemaVersion(db); !errors.Is(err, ErrSchemaVersion) {
			t.Fatalf("other version: %v", err)
		}
		if err := db.Put(databaseVersionKey, []byte{0x81, 0x00}); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadDatabaseVersion(db); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("corrupt version: %v", err)
		}
	})
}

func TestBlockRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db kv.Store) {
		b, rs := testBlock(t, ethtypes.Hash{1}, 7, 6, 0, 0, ethtypes.EmptyRootHash)
		hash, num := b.Hash(), b.Number()

		// Absent first: every reader reports ErrNotFound.
		absent := map[string]error{}
		_, absent["header"] = ReadHeader(db, hash, num)
		_, absent["header by hash"] = ReadHeaderByHash(db, hash)
		_, absent["number"] = ReadHeaderNumber(db, hash)
		_, absent["body"] = ReadBody(db, hash, num)
		_, absent["block"] = ReadBlock(db, hash, num)
		_, absent["receipts"] = ReadRawReceipts(db, hash, num)
		_, absent["td"] = ReadTd(db, hash, num)
		_, absent["canonical"] = ReadCanonicalHash(db, num)
		_, absent["head block"] = ReadHeadBlockHash(db)
		_, absent["head header"] = ReadHeadHeaderHash(db)
		_, absent["config"] = ReadChainConfig(db, hash)
		_, absent["code"] = ReadCode(db, hash)
		_, _, absent["tx"] = ReadTransaction(db, b.Txs[0].Hash())
		for name, err := range absent {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("%s: %v, want ErrNotFound", name, err)
			}
		}

		batch := db.NewBatch()
		td := uint256.NewInt(123456789)
		if err := WriteBlockWithReceipts(batch, b, rs, td); err != nil {
			t.Fatal(err)
		}
		if err := WriteCanonicalHead(batch, b); err != nil {
			t.Fatal(err)
		}
		if err := WriteChainConfig(batch, hash, []byte(`{"chainId":1337}`)); err != nil {
			t.Fatal(err)
		}
		if err := WriteCode(batch, ethtypes.Keccak256Hash([]byte{1}), []byte{1}); err != nil {
			t.Fatal(err)
		}
		if ok, _ := HasHeader(db, hash, num); ok {
			t.Fatal("batch visible before Write")
		}
		if err := batch.Write(true); err != nil {
			t.Fatal(err)
		}

		got, err := ReadBlock(db, hash, num)
		if err != nil {
			t.Fatal(err)
		}
		if got.Hash() != hash || !bytes.Equal(blockRLP(got), blockRLP(b)) {
			t.Fatal("block round trip differs")
		}
		if got, err := ReadBlockByHash(db, hash); err != nil || got.Hash() != hash {
			t.Fatalf("by hash: %v", err)
		}
		if got, err := ReadCanonicalBlock(db, num); err != nil || got.Hash() != hash {
			t.Fatalf("canonical block: %v", err)
		}
		if n, err := ReadHeaderNumber(db, hash); err != nil || n != num {
			t.Fatalf("number %d, %v", n, err)
		}
		if got, err := ReadTd(db, hash, num); err != nil || !got.Eq(td) {
			t.Fatalf("td %v, %v", got, err)
		}
		for name, read := range map[string]func(kv.Reader) (ethtypes.Hash, error){
			"head block": ReadHeadBlockHash, "head header": ReadHeadHeaderHash,
		} {
			if h, err := read(db); err != nil || h != hash {
				t.Errorf("%s: %x, %v", name, h, err)
			}
		}
		if c, err := ReadChainConfig(db, hash); err != nil || string(c) != `{"chainId":1337}` {
			t.Fatalf("config %q, %v", c, err)
		}
		if c, err := ReadCode(db, ethtypes.Keccak256Hash([]byte{1})); err != nil || !bytes.Equal(c, []byte{1}) {
			t.Fatalf("code %x, %v", c, err)
		}
		raw, err := ReadRawReceipts(db, hash, num)
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) != len(rs) || raw[0].CumulativeGasUsed != rs[0].CumulativeGasUsed {
			t.Fatal("raw receipts differ")
		}

		// Deletes.
		batch = db.NewBatch()
		if err := DeleteBlock(batch, hash, num); err != nil {
			t.Fatal(err)
		}
		if err := DeleteCanonicalHash(batch, num); err != nil {
			t.Fatal(err)
		}
		if err := DeleteTxLookupEntries(batch, b); err != nil {
			t.Fatal(err)
		}
		if err := DeleteCode(batch, ethtypes.Keccak256Hash([]byte{1})); err != nil {
			t.Fatal(err)
		}
		if err := batch.Write(false); err != nil {
			t.Fatal(err)
		}
		for name, has := range map[string]func() (bool, error){
			"header":   func() (bool, error) { return HasHeader(db, hash, num) },
			"body":     func() (bool, error) { return HasBody(db, hash, num) },
			"receipts": func() (bool, error) { return HasReceipts(db, hash, num) },
			"code":     func() (bool, error) { return HasCode(db, ethtypes.Keccak256Hash([]byte{1})) },
			"td":       func() (bool, error) { return db.Has(headerTDKey(num, hash)) },
			"number":   func() (bool, error) { return db.Has(headerNumberKey(hash)) },
			"canon":    func() (bool, error) { return db.Has(headerHashKey(num)) },
			"lookup":   func() (bool, error) { return db.Has(txLookupKey(b.Txs[0].Hash())) },
		} {
			if ok, err := has(); err != nil || ok {
				t.Errorf("%s still present after delete (%v)", name, err)
			}
		}
	})
}

func TestCorruptRecords(t *testing.T) {
	db := memdb.New()
	b, _ := testBlock(t, ethtypes.Hash{}, 3, 2, 0, 0, ethtypes.EmptyRootHash)
	hash := b.Hash()
	bad := []byte{0xc1} // truncated list
	for _, tc := range []struct {
		name string
		key  []byte
		read func() error
	}{
		{"header", headerKey(3, hash), func() error { _, err := ReadHeader(db, hash, 3); return err }},
		{"body", blockBodyKey(3, hash), func() error { _, err := ReadBody(db, hash, 3); return err }},
		{"receipts", receiptsKey(3, hash), func() error { _, err := ReadRawReceipts(db, hash, 3); return err }},
		{"td", headerTDKey(3, hash), func() error { _, err := ReadTd(db, hash, 3); return err }},
		{"number", headerNumberKey(hash), func() error { _, err := ReadHeaderNumber(db, hash); return err }},
		{"canonical", headerHashKey(3), func() error { _, err := ReadCanonicalHash(db, 3); return err }},
		{"head", headBlockKey, func() error { _, err := ReadHeadBlockHash(db); return err }},
		{"lookup", txLookupKey(hash), func() error { _, err := ReadTxLookupEntry(db, hash); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := bad
			if tc.name == "lookup" {
				v = make([]byte, 9) // longer than a block number
			}
			if err := db.Put(tc.key, v); err != nil {
				t.Fatal(err)
			}
			err := tc.read()
			if !errors.Is(err, ErrCorrupt) || errors.Is(err, ErrNotFound) {
				t.Fatalf("err %v, want ErrCorrupt", err)
			}
		})
	}
	// A header stored under the wrong number is corrupt too.
	if err := db.Put(headerKey(4, hash), b.Header.AppendRLP(nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadHeader(db, hash, 4); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("wrong number: %v", err)
	}
}

func TestReceiptsDerivedFields(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db kv.Store) {
		b, rs := testBlock(t, ethtypes.Hash{1}, 9, 7, 40, 0, ethtypes.EmptyRootHash)
		batch := db.NewBatch()
		if err := WriteBlockWithReceipts(batch, b, rs, uint256.NewInt(1)); err != nil {
			t.Fatal(err)
		}
		if err := WriteCanonicalHead(batch, b); err != nil {
			t.Fatal(err)
		}
		if err := batch.Write(false); err != nil {
			t.Fatal(err)
		}
		got, err := ReadReceipts(db, b.Hash(), b.Number(), testSigner)
		if err != nil {
			t.Fatal(err)
		}
		sender, err := ethtypes.Sender(testSigner, b.Txs[0])
		if err != nil {
			t.Fatal(err)
		}
		// Expected values, computed independently.
		var prev uint64
		logIndex := uint(0)
		want := make(ethtypes.Receipts, len(rs))
		for i, r := range rs {
			tx := b.Txs[i]
			w := *r
			w.Logs = append([]ethtypes.Log(nil), r.Logs...)
			w.TxHash, w.BlockHash, w.BlockNumber, w.TransactionIndex = tx.Hash(), b.Hash(), 9, uint(i)
			w.GasUsed = r.CumulativeGasUsed - prev
			prev = r.CumulativeGasUsed
			switch tx.Type() {
			case ethtypes.LegacyTxType:
				w.EffectiveGasPrice = *uint256.NewInt(7e9)
			case ethtypes.AccessListTxType:
				w.EffectiveGasPrice = *uint256.NewInt(6e9)
			case ethtypes.DynamicFeeTxType:
				if tx.IsCreate() {
					w.EffectiveGasPrice = *uint256.NewInt(2e9) // 1e9 base + 1e9 tip
				} else {
					w.EffectiveGasPrice = *uint256.NewInt(3e9) // 1e9 base + 2e9 tip
				}
			case ethtypes.BlobTxType:
				w.EffectiveGasPrice = *uint256.NewInt(2e9)
				w.BlobGasUsed = 131072
			}
			if tx.IsCreate() {
				w.ContractAddress = ethtypes.CreateAddress(sender, tx.Nonce())
			}
			for j := range w.Logs {
				l := &w.Logs[j]
				l.BlockHash, l.BlockNumber, l.TxHash, l.TxIndex, l.Index = b.Hash(), 9, tx.Hash(), uint(i), logIndex
				logIndex++
			}
			want[i] = &w
		}
		if logIndex == 0 {
			t.Fatal("test block has no logs")
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("receipts (-want +got):\n%s", diff)
		}
		if ethtypes.Hash(derive(got)) != b.Header.ReceiptHash {
			t.Fatal("receipts root of read receipts differs from header")
		}

		// Single receipts by tx hash equal the block's.
		for i, tx := range b.Txs {
			r, loc, err := ReadReceipt(db, tx.Hash(), testSigner)
			if err != nil {
				t.Fatal(err)
			}
			if loc != (TxLocation{BlockHash: b.Hash(), BlockNumber: 9, Index: uint64(i)}) {
				t.Fatalf("receipt %d at %+v", i, loc)
			}
			if diff := cmp.Diff(want[i], r, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("receipt %d (-want +got):\n%s", i, diff)
			}
		}

		// A receipt count mismatch is reported.
		short := b.Txs[:3]
		if err := DeriveReceiptFields(got, ethtypes.NewBlock(b.Header, short, nil, nil), testSigner); !errors.Is(err, ErrMismatch) {
			t.Fatalf("mismatch: %v", err)
		}
	})
}

func TestReadTransaction(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db kv.Store) {
		genesis, _ := testBlock(t, ethtypes.Hash{}, 0, 0, 0, 0, ethtypes.EmptyRootHash)
		c := genChain(t, genesis.Hash(), 0, 4, 5, 1)
		insert(t, db, c)
		for _, b := range c.blocks {
			for i, tx := range b.Txs {
				got, loc, err := ReadTransaction(db, tx.Hash())
				if err != nil {
					t.Fatal(err)
				}
				if got.Hash() != tx.Hash() || loc != (TxLocation{BlockHash: b.Hash(), BlockNumber: b.Number(), Index: uint64(i)}) {
					t.Fatalf("tx %d of #%d: at %+v", i, b.Number(), loc)
				}
			}
		}
		if _, _, err := ReadTransaction(db, ethtypes.Hash{0xde, 0xad}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown tx: %v", err)
		}
		// geth's minimal-length lookup value is accepted.
		tx := c.blocks[1].Txs[0]
		if err := db.Put(txLookupKey(tx.Hash()), []byte{2}); err != nil {
			t.Fatal(err)
		}
		if _, loc, err := ReadTransaction(db, tx.Hash()); err != nil || loc.BlockNumber != 2 {
			t.Fatalf("minimal lookup: %+v %v", loc, err)
		}
		// A stale lookup (pointing at a block without the tx) is ErrNotFound.
		if err := db.Put(txLookupKey(tx.Hash()), encodeBlockNumber(3)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := ReadTransaction(db, tx.Hash()); !errors.Is(err, ErrNotFound) {
			t.Fatalf("stale lookup: %v", err)
		}
	})
}

func TestCanonicalReorg(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db kv.Store) {
		genesis, _ := testBlock(t, ethtypes.Hash{}, 0, 0, 0, 0, ethtypes.EmptyRootHash)
		insert(t, db, testChain{blocks: []*ethtypes.Block{genesis}, receipts: []ethtypes.Receipts{nil}})
		a := genChain(t, genesis.Hash(), 0, 6, 3, 0xa)
		insert(t, db, a)
		// Fork B from block 2 of A, one block longer: blocks 3..7.
		b := genChain(t, a.blocks[1].Hash(), 2, 5, 2, 0xb)
		for i, blk := range b.blocks {
			batch := db.NewBatch()
			if err := WriteBlockWithReceipts(batch, blk, b.receipts[i], uint256.NewInt(100)); err != nil {
				t.Fatal(err)
			}
			if err := batch.Write(false); err != nil {
				t.Fatal(err)
			}
		}
		batch := db.NewBatch()
		if err := RewriteCanonicalChain(db, batch, b.blocks); err != nil {
			t.Fatal(err)
		}
		if err := batch.Write(true); err != nil {
			t.Fatal(err)
		}
		want := map[uint64]ethtypes.Hash{0: genesis.Hash(), 1: a.blocks[0].Hash(), 2: a.blocks[1].Hash()}
		for _, blk := range b.blocks {
			want[blk.Number()] = blk.Hash()
		}
		for num := uint64(0); num <= 8; num++ {
			h, err := ReadCanonicalHash(db, num)
			w, ok := want[num]
			switch {
			case !ok && !errors.Is(err, ErrNotFound):
				t.Errorf("#%d: %x, %v, want none", num, h, err)
			case ok && (err != nil || h != w):
				t.Errorf("#%d: %x, %v, want %x", num, h, err, w)
			}
		}
		if h, _ := ReadHeadBlockHash(db); h != b.blocks[4].Hash() {
			t.Fatal("head not moved")
		}
		// Transactions of A's dropped blocks are no longer found, and their
		// lookups are gone; B's are found in B's blocks.
		for _, blk := range a.blocks[2:] {
			for _, tx := range blk.Txs {
				if _, _, err := ReadTransaction(db, tx.Hash()); !errors.Is(err, ErrNotFound) {
					t.Fatalf("tx of dropped block #%d: %v", blk.Number(), err)
				}
				if _, err := ReadTxLookupEntry(db, tx.Hash()); !errors.Is(err, ErrNotFound) {
					t.Fatalf("lookup of dropped block #%d: %v", blk.Number(), err)
				}
			}
		}
		for _, blk := range b.blocks {
			for _, tx := range blk.Txs {
				if _, loc, err := ReadTransaction(db, tx.Hash()); err != nil || loc.BlockHash != blk.Hash() {
					t.Fatalf("tx of new block #%d: %+v %v", blk.Number(), loc, err)
				}
			}
		}
		// Old chain data stays readable by hash (for a reorg back).
		if _, err := ReadBlock(db, a.blocks[5].Hash(), 6); err != nil {
			t.Fatal(err)
		}
		// A non-consecutive chain is refused.
		if err := RewriteCanonicalChain(db, db.NewBatch(), []*ethtypes.Block{b.blocks[0], b.blocks[2]}); !errors.Is(err, ErrMismatch) {
			t.Fatalf("gap: %v", err)
		}
	})
}
