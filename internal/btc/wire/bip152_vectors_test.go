package wire

import (
	"bytes"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// A regtest segwit block and its compact block for nonce
// 18053200567810711460, produced by the Elements implementation of BIP152
// (as used in rust-bitcoin's bip152 tests).
const (
	elementsBlockHex = "000000206c750a364035aefd5f81508a08769975116d9195312ee4520dceac39e1fdc62c4dc67473b8e354358c1e610afeaff7410858bd45df43e2940f8a62bd3d5e3ac943c2975cffff7f200000000002020000000001010000000000000000000000000000000000000000000000000000000000000000ffffffff04016b0101ffffffff020006062a0100000001510000000000000000266a24aa21a9ed4a3d9f3343dafcc0d6f6d4310f2ee5ce273ed34edca6c75db3a73e7f368734200120000000000000000000000000000000000000000000000000000000000000000000000000020000000001021fc20ba2bd745507b8e00679e3b362558f9457db374ca28ffa5243f4c23a4d5f00000000171600147c9dea14ffbcaec4b575e03f05ceb7a81cd3fcbffdffffff915d689be87b43337f42e26033df59807b768223368f189a023d0242d837768900000000171600147c9dea14ffbcaec4b575e03f05ceb7a81cd3fcbffdffffff0200cdf5050000000017a9146803c72d9154a6a20f404bed6d3dcee07986235a8700e1f5050000000017a9144e6a4c7cb5b5562904843bdf816342f4db9f5797870247304402205e9bf6e70eb0e4b495bf483fd8e6e02da64900f290ef8aaa64bb32600d973c450220670896f5d0e5f33473e5f399ab680cc1d25c2d2afd15abd722f04978f28be887012103e4e4d9312b2261af508b367d8ba9be4f01b61d6d6e78bec499845b4f410bcf2702473044022045ac80596a6ac9c8c572f94708709adaf106677221122e08daf8b9741a04f66a022003ccd52a3b78f8fd08058fc04fc0cffa5f4c196c84eae9e37e2a85babe731b57012103e4e4d9312b2261af508b367d8ba9be4f01b61d6d6e78bec499845b4f410bcf276a000000"
	elementsCmpctHex = "000000206c750a364035aefd5f81508a08769975116d9195312ee4520dceac39e1fdc62c4dc67473b8e354358c1e610afeaff7410858bd45df43e2940f8a62bd3d5e3ac943c2975cffff7f2000000000a4df3c3744da89fa010a6979e971450100020000000001010000000000000000000000000000000000000000000000000000000000000000ffffffff04016b0101ffffffff020006062a0100000001510000000000000000266a24aa21a9ed4a3d9f3343dafcc0d6f6d4310f2ee5ce273ed34edca6c75db3a73e7f368734200120000000000000000000000000000000000000000000000000000000000000000000000000"
	elementsNonce    = 18053200567810711460
)

func TestBIP152ElementsVector(t *testing.T) {
	blk, err := primitives.DecodeBlock(mustHex(t, elementsBlockHex))
	if err != nil {
		t.Fatal(err)
	}
	want := mustHex(t, elementsCmpctHex)
	cb := NewCmpctBlock(blk, elementsNonce)
	if got := cb.Encode(nil); !bytes.Equal(got, want) {
		t.Fatalf("compact block:\n%x\nwant\n%x", got, want)
	}
	var dec MsgCmpctBlock
	if err := dec.Decode(want); err != nil {
		t.Fatal(err)
	}
	if len(dec.ShortIDs) != 1 || dec.ShortIDs[0] != 0x4571e979690a || dec.Nonce != elementsNonce {
		t.Fatalf("decoded %x %d", dec.ShortIDs, dec.Nonce)
	}
	// Rebuild the block with the spend in the mempool, segwit rules on.
	pb, err := NewPartialBlock(&dec, fakePool{blk.Txs[1]}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pb.FillBlock(nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), mustHex(t, elementsBlockHex)) {
		t.Fatal("reconstructed block differs")
	}
}

// TestGetBlockTxnDifferential checks the differential index encoding with
// the cases of rust-bitcoin's bip152 tests.
func TestGetBlockTxnDifferential(t *testing.T) {
	tests := []struct {
		name    string
		wire    []byte
		indexes []uint16
	}{
		{"four", []byte{4, 0, 5, 1, 10}, []uint16{0, 6, 8, 19}},
		{"one", []byte{1, 0}, []uint16{0}},
		{"consecutive", []byte{5, 0, 0, 0, 0, 0}, []uint16{0, 1, 2, 3, 4}},
		{"gaps", []byte{3, 1, 1, 1}, []uint16{1, 3, 5}},
		{"three-byte compact size", []byte{3, 0, 0, 253, 0, 1}, []uint16{0, 1, 258}},
		{"empty", []byte{0}, []uint16{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := append(make([]byte, 32), tc.wire...)
			var m MsgGetBlockTxn
			if err := m.Decode(raw); err != nil {
				t.Fatal(err)
			}
			if len(m.Indexes) != len(tc.indexes) {
				t.Fatalf("indexes %v", m.Indexes)
			}
			for i := range m.Indexes {
				if m.Indexes[i] != tc.indexes[i] {
					t.Fatalf("indexes %v", m.Indexes)
				}
			}
			if got := (&MsgGetBlockTxn{Indexes: tc.indexes}).Encode(nil); !bytes.Equal(got, raw) {
				t.Fatalf("encoded %x", got)
			}
		})
	}
	for _, bad := range [][]byte{
		{2, 255, 254, 255, 255, 255, 255, 255, 255, 255, 0},
		{1, 255, 255, 255, 255, 255, 255, 255, 255, 255},
	} {
		var m MsgGetBlockTxn
		wantKind(t, m.Decode(append(make([]byte, 32), bad...)), ErrMalformed)
	}
}
