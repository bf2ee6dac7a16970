package wire

import (
	"bytes"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// fakePool is a TxSource over a slice.
type fakePool []*primitives.Tx

func (p fakePool) RangeTxs(fn func(*chainhash.Hash, *primitives.Tx) bool) {
	for _, tx := range p {
		w := tx.WitnessHash()
		if !fn(&w, tx) {
			return
		}
	}
}

// dupPool yields every transaction twice under the same wtxid but as
// distinct values, as if two mempool transactions shared a short id.
type dupPool []*primitives.Tx

func (p dupPool) RangeTxs(fn func(*chainhash.Hash, *primitives.Tx) bool) {
	for _, tx := range p {
		w := tx.WitnessHash()
		if !fn(&w, tx) || !fn(&w, tx.Copy()) {
			return
		}
	}
}

func loadBlock(tb testing.TB, elems ...string) (*primitives.Block, []byte) {
	tb.Helper()
	raw := readVector(tb, elems...)
	blk, err := primitives.DecodeBlock(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return blk, raw
}

// reconstruct sends blk as a compact block over the wire (encode, decode),
// rebuilds it with pool, answers the getblocktxn from blk, and returns the
// result.
func reconstruct(t *testing.T, blk *primitives.Block, pool TxSource, segwit bool) (*primitives.Block, *PartialBlock) {
	t.Helper()
	sent := NewCmpctBlock(blk, 0xdeadbeef)
	var cb MsgCmpctBlock
	if err := cb.Decode(sent.Encode(nil)); err != nil {
		t.Fatal(err)
	}
	pb, err := NewPartialBlock(&cb, pool, nil)
	if err != nil {
		t.Fatal(err)
	}
	req := MsgGetBlockTxn{BlockHash: blk.BlockHash(), Indexes: pb.MissingIndexes()}
	var gotReq MsgGetBlockTxn
	if err := gotReq.Decode(req.Encode(nil)); err != nil {
		t.Fatal(err)
	}
	resp, err := NewBlockTxn(blk, &gotReq)
	if err != nil {
		t.Fatal(err)
	}
	var gotResp MsgBlockTxn
	if err := gotResp.Decode(resp.Encode(nil)); err != nil {
		t.Fatal(err)
	}
	out, err := pb.FillBlock(gotResp.Txs, segwit)
	if err != nil {
		t.Fatal(err)
	}
	return out, pb
}

func TestReconstructRealBlocks(t *testing.T) {
	tests := []struct {
		name   string
		path   []string
		segwit bool
	}{
		{"mainnet 413567 (pre-segwit, 1557 txs)", []string{"bitcoin-core", "block413567.raw"}, false},
		{"mainnet 574200 (segwit, 3315 txs)", []string{"btcd", "wire", "block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blk, raw := loadBlock(t, tc.path...)
			// The pool has every third non-coinbase transaction, plus noise.
			var pool fakePool
			for i := 1; i < len(blk.Txs); i += 3 {
				pool = append(pool, blk.Txs[i])
			}
			pool = append(pool, segwitTx(t))
			out, pb := reconstruct(t, blk, pool, tc.segwit)
			if !bytes.Equal(out.Bytes(), raw) {
				t.Fatal("reconstructed block differs")
			}
			pre, mem, _, missing := pb.Stats()
			if pre != 1 || mem != len(pool)-1 || missing != len(blk.Txs)-1-mem {
				t.Fatalf("stats prefilled %d mempool %d missing %d", pre, mem, missing)
			}
			t.Logf("%d txs: %d from mempool, %d requested", len(blk.Txs), mem, missing)

			// Everything in the pool: nothing to request.
			full, pb := reconstruct(t, blk, fakePool(blk.Txs[1:]), tc.segwit)
			if len(pb.MissingIndexes()) != 0 || !bytes.Equal(full.Bytes(), raw) {
				t.Fatal("full pool")
			}
			// Every mempool match doubled: all slots requested, as Core.
			_, pb = reconstruct(t, blk, dupPool(blk.Txs[1:]), tc.segwit)
			if _, mem, _, missing := pb.Stats(); mem != 0 || missing != len(blk.Txs)-1 {
				t.Fatalf("dup pool: mempool %d missing %d", mem, missing)
			}
		})
	}
}

func TestReconstructExtraTxs(t *testing.T) {
	blk, raw := loadBlock(t, "bitcoin-core", "block413567.raw")
	cb := NewCmpctBlock(blk, 1)
	extra := []*primitives.Tx{nil, blk.Txs[5], blk.Txs[6]}
	// blk.Txs[5] also in the pool: a duplicate between pool and extra is not
	// a collision.
	pb, err := NewPartialBlock(cb, fakePool{blk.Txs[5]}, extra)
	if err != nil {
		t.Fatal(err)
	}
	_, mem, ex, missing := pb.Stats()
	if mem != 2 || ex != 1 || missing != len(blk.Txs)-3 {
		t.Fatalf("mempool %d extra %d missing %d", mem, ex, missing)
	}
	var rest []*primitives.Tx
	for _, i := range pb.MissingIndexes() {
		rest = append(rest, blk.Txs[i])
	}
	out, err := pb.FillBlock(rest, false)
	if err != nil || !bytes.Equal(out.Bytes(), raw) {
		t.Fatalf("FillBlock: %v", err)
	}
}

func TestPartialBlockErrors(t *testing.T) {
	blk, _ := loadBlock(t, "bitcoin-core", "block413567.raw")
	good := NewCmpctBlock(blk, 7)
	mod := func(f func(cb *MsgCmpctBlock)) *MsgCmpctBlock {
		cb := *good
		cb.ShortIDs = append([]uint64{}, good.ShortIDs...)
		cb.Prefilled = append([]PrefilledTx{}, good.Prefilled...)
		f(&cb)
		return &cb
	}
	initTests := []struct {
		name string
		cb   *MsgCmpctBlock
		kind ErrorKind
	}{
		{"null header", mod(func(cb *MsgCmpctBlock) { cb.Header = primitives.Header{} }), ErrCmpctInvalid},
		{"no transactions", mod(func(cb *MsgCmpctBlock) { cb.ShortIDs, cb.Prefilled = nil, nil }), ErrCmpctInvalid},
		{"too many transactions", mod(func(cb *MsgCmpctBlock) { cb.ShortIDs = make([]uint64, MaxCompactBlockTxs) }), ErrCmpctInvalid},
		{"null prefilled tx", mod(func(cb *MsgCmpctBlock) { cb.Prefilled[0].Tx = &primitives.Tx{} }), ErrCmpctInvalid},
		{"prefilled index beyond block", mod(func(cb *MsgCmpctBlock) { cb.Prefilled[0].Index = len(cb.ShortIDs) + 1 }), ErrCmpctInvalid},
		{"short id collision", mod(func(cb *MsgCmpctBlock) { cb.ShortIDs[10] = cb.ShortIDs[20] }), ErrCmpctFailed},
	}
	for _, tc := range initTests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewPartialBlock(tc.cb, nil, nil)
			wantKind(t, err, tc.kind)
		})
	}
	// A prefilled index at the very end is fine.
	if _, err := NewPartialBlock(mod(func(cb *MsgCmpctBlock) { cb.Prefilled[0].Index = len(cb.ShortIDs) }), nil, nil); err != nil {
		t.Fatal(err)
	}

	fillTests := []struct {
		name    string
		missing func(rest []*primitives.Tx) []*primitives.Tx
		segwit  bool
		kind    ErrorKind
	}{
		{"too few", func(r []*primitives.Tx) []*primitives.Tx { return r[:len(r)-1] }, false, ErrCmpctInvalid},
		{"too many", func(r []*primitives.Tx) []*primitives.Tx { return append(r, r[0]) }, false, ErrCmpctInvalid},
		{"nil tx", func(r []*primitives.Tx) []*primitives.Tx { r[3] = nil; return r }, false, ErrCmpctInvalid},
		{"wrong tx: merkle mismatch", func(r []*primitives.Tx) []*primitives.Tx { r[0], r[1] = r[1], r[0]; return r }, false, ErrCmpctFailed},
		{"witness without commitment", func(r []*primitives.Tx) []*primitives.Tx { return r }, true, ""},
	}
	for _, tc := range fillTests {
		t.Run(tc.name, func(t *testing.T) {
			pb, err := NewPartialBlock(good, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			rest := append([]*primitives.Tx{}, blk.Txs[1:]...)
			_, err = pb.FillBlock(tc.missing(rest), tc.segwit)
			if tc.kind == "" {
				if err != nil {
					t.Fatal(err)
				}
				_, err = pb.FillBlock(rest, tc.segwit)
				wantKind(t, err, ErrCmpctInvalid) // only once
				return
			}
			wantKind(t, err, tc.kind)
		})
	}
}

func TestBlockMutated(t *testing.T) {
	segBlk, _ := loadBlock(t, "btcd", "wire", "block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk")
	if r := blockMutated(segBlk, true); r != "" {
		t.Fatalf("valid segwit block: %s", r)
	}
	// Swap in a different witness on a segwit spend: txids (and the merkle
	// root) are unchanged, the witness commitment breaks.
	txs := append([]*primitives.Tx{}, segBlk.Txs...)
	for i := 1; i < len(txs); i++ {
		if txs[i].HasWitness() {
			c := txs[i].Copy()
			c.Inputs[0].Witness = [][]byte{{1}}
			txs[i] = c
			break
		}
	}
	mutated := &primitives.Block{Header: segBlk.Header, Txs: txs}
	if r := blockMutated(mutated, true); r != "bad-witness-merkle-match" {
		t.Fatalf("witness swap: %q", r)
	}
	if r := blockMutated(mutated, false); r != "unexpected-witness" {
		t.Fatalf("witness swap without segwit: %q", r)
	}
	// A coinbase with a bad reserved value size.
	cb := txs[0].Copy()
	cb.Inputs[0].Witness = [][]byte{{1, 2}}
	txs2 := append([]*primitives.Tx{cb}, segBlk.Txs[1:]...)
	if r := blockMutated(&primitives.Block{Header: segBlk.Header, Txs: txs2}, true); r != "bad-witness-nonce-size" {
		t.Fatalf("nonce size: %q", r)
	}
	// CVE-2012-2459: [a a] has the root of two identical siblings.
	gen := genesis(t)
	a := gen.Txs[0]
	aid := a.TxHash()
	solo := gen.Header
	solo.MerkleRoot, _ = primitives.ComputeMerkleRoot([]chainhash.Hash{aid, aid})
	if r := blockMutated(&primitives.Block{Header: solo, Txs: []*primitives.Tx{a, a}}, false); r != "bad-txns-duplicate" {
		t.Fatalf("duplicate: %q", r)
	}
}

func TestNewBlockTxnBounds(t *testing.T) {
	gen := genesis(t)
	if _, err := NewBlockTxn(gen, &MsgGetBlockTxn{Indexes: []uint16{0}}); err != nil {
		t.Fatal(err)
	}
	_, err := NewBlockTxn(gen, &MsgGetBlockTxn{Indexes: []uint16{0, 1}})
	wantKind(t, err, ErrCmpctInvalid)
}
