package primitives

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/chainhash"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A P2WPKH spend from BIP143's native P2WPKH example (signed form).
const bip143SignedTx = "01000000000102fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f00000000494830450221008b9d1dc26ba6a9cb62127b02742fa9d754cd3bebf337f7a55d114c8e5cdd30be022040529b194ba3f9281a99f2b1c0a19c0489bc22ede944ccf4ecbab4cc618ef3ed01eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac000247304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee0121025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee635711000000"

func TestSegwitTx(t *testing.T) {
	raw := mustHex(t, bip143SignedTx)
	tx, err := DecodeTx(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !tx.HasWitness() || len(tx.Inputs) != 2 || len(tx.Outputs) != 2 {
		t.Fatalf("decoded shape wrong: %+v", tx)
	}
	if len(tx.Inputs[0].Witness) != 0 || len(tx.Inputs[1].Witness) != 2 {
		t.Fatal("witness placement")
	}
	if !bytes.Equal(tx.Bytes(), raw) {
		t.Fatal("round trip")
	}
	if tx.WitnessHash() != chainhash.DoubleSHA256(raw) {
		t.Fatal("wtxid")
	}
	stripped := tx.AppendStripped(nil)
	if tx.TxHash() != chainhash.DoubleSHA256(stripped) || tx.StrippedSize() != len(stripped) {
		t.Fatal("txid / stripped size")
	}
	if tx.Weight() != 3*len(stripped)+len(raw) {
		t.Fatalf("weight %d", tx.Weight())
	}
	if tx.VSize() != (tx.Weight()+3)/4 {
		t.Fatal("vsize")
	}
	// Decoding without witness support must not accept the marker.
	if _, err := DecodeTxNoWitness(raw); err == nil {
		t.Fatal("no-witness decoder accepted a segwit tx")
	}
	c := tx.Copy()
	c.Inputs[1].Witness[0][0] ^= 0xff
	if tx.Inputs[1].Witness[0][0] == c.Inputs[1].Witness[0][0] {
		t.Fatal("Copy shares memory")
	}
}

func TestDecodeErrors(t *testing.T) {
	base := mustHex(t, bip143SignedTx)
	tests := []struct {
		name string
		raw  []byte
		want error
	}{
		{"empty", nil, ErrUnexpectedEOF},
		{"truncated", base[:len(base)-1], ErrUnexpectedEOF},
		{"trailing", append(append([]byte{}, base...), 0), ErrTrailingData},
		{"unknown flag", append(append(append([]byte{}, base[:5]...), 0x03), base[6:]...), ErrUnknownOptionalData},
		// version, marker, flag, 1 input with empty witness.
		{"superfluous witness", mustHex(t, "01000000000101"+
			"0000000000000000000000000000000000000000000000000000000000000000ffffffff"+
			"00ffffffff"+"0100000000000000000000"+"00"+"00000000"), ErrSuperfluousWitness},
		{"non-canonical count", mustHex(t, "01000000fd0100"), ErrNonCanonicalCompactSize},
		{"huge count", mustHex(t, "01000000fe00000003"), ErrCompactSizeTooLarge},
		{"count beyond data", mustHex(t, "01000000fdff00"), ErrTooMany},
		{"script beyond data", mustHex(t, "0100000001"+
			"0000000000000000000000000000000000000000000000000000000000000000ffffffff"+
			"fe00000003"), ErrCompactSizeTooLarge},
		{"script length beyond data", mustHex(t, "0100000001"+
			"0000000000000000000000000000000000000000000000000000000000000000ffffffff"+
			"fd0010"+"00000000000000000000"), ErrUnexpectedEOF},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeTx(tc.raw)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestZeroInputTx(t *testing.T) {
	// With witnesses allowed, a zero input count followed by a zero flag is
	// a transaction with no inputs and no outputs (Core reads no vout).
	raw := mustHex(t, "01000000000000000000")
	tx, err := DecodeTxNoWitness(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(tx.Inputs) != 0 || len(tx.Outputs) != 0 {
		t.Fatal("shape")
	}
	if tx2, err := DecodeTx(raw); err != nil || len(tx2.Inputs) != 0 || len(tx2.Outputs) != 0 {
		t.Fatalf("witness decoder: %v", err)
	}
}

func TestCompactSize(t *testing.T) {
	for _, n := range []uint64{0, 1, 0xfc, 0xfd, 0xffff, 0x10000, MaxSize} {
		b := AppendCompactSize(nil, n)
		if len(b) != CompactSizeLen(n) {
			t.Fatalf("%d: len %d", n, len(b))
		}
		got, used, err := ReadCompactSize(b)
		if err != nil || got != n || used != len(b) {
			t.Fatalf("%d: got %d %d %v", n, got, used, err)
		}
	}
	for _, bad := range []string{"fdfc00", "fe00ff0000", "ffffffffff00000000"} {
		if _, _, err := ReadCompactSize(mustHex(t, bad)); !errors.Is(err, ErrNonCanonicalCompactSize) {
			t.Fatalf("%s: %v", bad, err)
		}
	}
}

func TestMerkleMutation(t *testing.T) {
	h := func(b byte) chainhash.Hash { return chainhash.Hash{b} }
	// Three leaves: the last is duplicated internally, which is fine.
	r3, m := ComputeMerkleRoot([]chainhash.Hash{h(1), h(2), h(3)})
	if m {
		t.Fatal("3 leaves reported mutated")
	}
	// Appending a copy of the last leaf gives the same root and is flagged.
	r4, m := ComputeMerkleRoot([]chainhash.Hash{h(1), h(2), h(3), h(3)})
	if !m || r4 != r3 {
		t.Fatalf("duplicate leaf: mutated=%v equal=%v", m, r4 == r3)
	}
	// Mutation at a higher level: [1 2 3 4 5 6 5 6] vs [1 2 3 4 5 6].
	r6, m := ComputeMerkleRoot([]chainhash.Hash{h(1), h(2), h(3), h(4), h(5), h(6)})
	if m {
		t.Fatal("6 leaves reported mutated")
	}
	r8, m := ComputeMerkleRoot([]chainhash.Hash{h(1), h(2), h(3), h(4), h(5), h(6), h(5), h(6)})
	if !m || r8 != r6 {
		t.Fatalf("duplicate pair: mutated=%v equal=%v", m, r8 == r6)
	}
	one, m := ComputeMerkleRoot([]chainhash.Hash{h(7)})
	if m || one != h(7) {
		t.Fatal("single leaf root is the leaf")
	}
}
