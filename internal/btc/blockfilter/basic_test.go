package blockfilter

import (
	"slices"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TestBasicFilterElements checks the element rules on a synthetic block:
// outputs skip empty and OP_RETURN scripts; spent scripts skip only empty
// ones (Core keeps an OP_RETURN-looking prevout script).
func TestBasicFilterElements(t *testing.T) {
	p2pkh := []byte{0x76, 0xa9, 0x14, 1, 2, 3, 0x88, 0xac}
	p2wpkh := []byte{0x00, 0x14, 9, 9, 9}
	opret := []byte{0x6a, 0x04, 't', 'e', 's', 't'}
	block := &primitives.Block{Txs: []*primitives.Tx{
		{Outputs: []primitives.TxOut{{ScriptPubKey: p2pkh}, {ScriptPubKey: opret}, {ScriptPubKey: nil}}},
		{Outputs: []primitives.TxOut{{ScriptPubKey: p2pkh}, {ScriptPubKey: []byte{}}, {ScriptPubKey: []byte{0x6a}}}},
	}}
	tests := []struct {
		name  string
		prev  [][]byte
		want  [][]byte
		wantN uint32
	}{
		{"outputs only", nil, [][]byte{p2pkh, p2pkh}, 1},
		{"spent scripts", [][]byte{p2wpkh, {}, nil}, [][]byte{p2pkh, p2pkh, p2wpkh}, 2},
		{"spent OP_RETURN script kept", [][]byte{opret}, [][]byte{p2pkh, p2pkh, opret}, 2},
		{"spent script equal to an output", [][]byte{p2pkh}, [][]byte{p2pkh, p2pkh, p2pkh}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := BasicFilterElements(block, tc.prev)
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Fatalf("elements %x, want %x", got, tc.want)
			}
			fl, err := NewBasicFilter(block, tc.prev)
			if err != nil {
				t.Fatal(err)
			}
			if fl.N() != tc.wantN {
				t.Fatalf("N=%d, want %d", fl.N(), tc.wantN)
			}
			for _, e := range tc.want {
				if !fl.Match(e) {
					t.Fatalf("%x not matched", e)
				}
			}
			if len(tc.prev) == 0 && fl.Match(opret) {
				t.Fatal("OP_RETURN output matched")
			}
		})
	}

	empty := &primitives.Block{Txs: []*primitives.Tx{{Outputs: []primitives.TxOut{{ScriptPubKey: opret}}}}}
	fl, err := NewBasicFilter(empty, nil)
	if err != nil || fl.N() != 0 || len(fl.Bytes()) != 1 || fl.Bytes()[0] != 0 {
		t.Fatalf("empty basic filter: %v %x", err, fl.Bytes())
	}
}
