package txscript

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

func TestTapBranchHashSorted(t *testing.T) {
	a, b := chainhash.Hash{1, 2}, chainhash.Hash{1, 3}
	want := chainhash.TagTapBranch.Sum(a[:], b[:])
	if got := TapBranchHash(a, b); got != want {
		t.Fatalf("ordered: %x", got)
	}
	if got := TapBranchHash(b, a); got != want {
		t.Fatalf("reversed: %x", got)
	}
	if got, w := TapBranchHash(a, a), chainhash.TagTapBranch.Sum(a[:], a[:]); got != w {
		t.Fatalf("equal children: %x", got)
	}
}

func TestTapLeafHash(t *testing.T) {
	for _, n := range []int{0, 1, 252, 253, 256, 257, 10000} {
		script := bytes.Repeat([]byte{0x51}, n)
		want := chainhash.TagTapLeaf.Sum([]byte{0xc0}, primitives.AppendCompactSize(nil, uint64(n)), script)
		if got := TapLeafHash(0xc0, script); got != want {
			t.Errorf("%d-byte script: %x want %x", n, got, want)
		}
	}
}

var testInternalKey = [32]byte{
	0x93, 0x47, 0x8e, 0x94, 0x88, 0xf9, 0x56, 0xdf, 0x23, 0x96, 0xbe, 0x2c, 0xe6, 0xc5, 0xcc, 0xed,
	0x75, 0xf9, 0x00, 0xdf, 0xa1, 0x8e, 0x7d, 0xab, 0xd2, 0x42, 0x8a, 0xae, 0x78, 0x45, 0x18, 0x20,
}

func TestBuildTaprootTreeErrors(t *testing.T) {
	leaf := &TapTree{Leaf: &TapLeaf{Version: 0xc0, Script: []byte{0x51}}}
	deep := leaf
	for range 129 {
		deep = &TapTree{Children: [2]*TapTree{leaf, deep}}
	}
	tests := []struct {
		name string
		tree *TapTree
	}{
		{"branch with one child", &TapTree{Children: [2]*TapTree{leaf, nil}}},
		{"empty node", &TapTree{}},
		{"odd leaf version", &TapTree{Leaf: &TapLeaf{Version: 0xc1}}},
		{"leaf with children", &TapTree{Leaf: leaf.Leaf, Children: [2]*TapTree{leaf, leaf}}},
		{"deeper than 128", deep},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := BuildTaprootTree(testInternalKey, tc.tree); !errors.Is(err, errTapTree) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	if _, err := BuildTaprootTree([32]byte{}, nil); err == nil {
		t.Error("an internal key off the curve was accepted")
	}
	info, err := BuildTaprootTree(testInternalKey, nil)
	if err != nil || info.MerkleRoot != nil || len(info.Leaves) != 0 {
		t.Fatalf("key-only output: %+v %v", info, err)
	}
}

func TestTapTreeJSONErrors(t *testing.T) {
	for name, in := range map[string]string{
		"three children":    `[{"script":"51","leafVersion":192},{"script":"51","leafVersion":192},{"script":"51","leafVersion":192}]`,
		"missing script":    `{"leafVersion":192}`,
		"missing version":   `{"script":"51"}`,
		"bad hex":           `{"script":"5","leafVersion":192}`,
		"odd version":       `{"script":"51","leafVersion":193}`,
		"version too large": `{"script":"51","leafVersion":256}`,
		"not json":          `[{`,
		"too deep":          strings.Repeat(`[{"script":"","leafVersion":192},`, 130) + `{"script":"","leafVersion":192}` + strings.Repeat(`]`, 130),
	} {
		var tr TapTree
		if err := json.Unmarshal([]byte(in), &tr); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestControlBlockShortInputs(t *testing.T) {
	leaf := TapLeafHash(0xc0, nil)
	if VerifyTaprootCommitment(make([]byte, 32), make([]byte, 32), leaf) {
		t.Error("32-byte control block accepted")
	}
	if VerifyTaprootCommitment(make([]byte, 33), make([]byte, 31), leaf) {
		t.Error("31-byte program accepted")
	}
	if got := ComputeTaprootMerkleRoot(nil, leaf); got != leaf {
		t.Error("empty control block changed the root")
	}
	// A trailing partial node is ignored.
	if got := ComputeTaprootMerkleRoot(make([]byte, 33+31), leaf); got != leaf {
		t.Error("partial node used")
	}
}

func FuzzTapTreeJSON(f *testing.F) {
	f.Add([]byte(`{"id":0,"script":"20b617298552a72ade070667e86ca63b8f5789a9fe8731ef91202a91c9f3459007ac","leafVersion":192}`))
	f.Add([]byte(`[{"id":0,"script":"51","leafVersion":192},[{"id":1,"script":"52","leafVersion":250},{"id":2,"script":"","leafVersion":192}]]`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var tr TapTree
		if json.Unmarshal(data, &tr) != nil {
			return
		}
		info, err := BuildTaprootTree(testInternalKey, &tr)
		if err != nil {
			return
		}
		for _, l := range info.Leaves {
			if !VerifyTaprootCommitment(l.ControlBlock, info.OutputKey[:], l.LeafHash) {
				t.Fatalf("control block %x does not verify", l.ControlBlock)
			}
		}
	})
}

func FuzzControlBlock(f *testing.F) {
	f.Add(append([]byte{0xc0}, testInternalKey[:]...), testInternalKey[:], []byte{0x51})
	f.Fuzz(func(t *testing.T, cb, program, script []byte) {
		leaf := TapLeafHash(0xc0, script)
		ComputeTaprootMerkleRoot(cb, leaf)
		VerifyTaprootCommitment(cb, program, leaf) // must not panic
	})
}

// FuzzLegacySignatureHash checks that any script, index and hash type hash
// without panicking, and that a fully parsable script hashes like the same
// script with its OP_CODESEPARATORs removed.
func FuzzLegacySignatureHash(f *testing.F) {
	f.Add([]byte{0xab, 0x51, 0xab}, uint32(1), uint8(0))
	f.Add([]byte{0x4c}, uint32(3), uint8(1))
	f.Add([]byte{0x02, 0xab}, uint32(0x83), uint8(5))
	tx := mustTx(f, legacyTx)
	f.Fuzz(func(t *testing.T, script []byte, hashType uint32, idx uint8) {
		h := LegacySignatureHash(script, tx, int(idx), hashType)
		var stripped []byte
		for pc := 0; pc < len(script); {
			next, op, ok := coreGetOp(script, pc)
			if !ok {
				return
			}
			if op != shOpCodeSep {
				stripped = append(stripped, script[pc:next]...)
			}
			pc = next
		}
		if h2 := LegacySignatureHash(stripped, tx, int(idx), hashType); h2 != h {
			t.Fatalf("separators not removed: %x vs %x", h, h2)
		}
	})
}

func FuzzFindAndDelete(f *testing.F) {
	f.Add([]byte{0x03, 0x02, 0xff, 0x03}, []byte{0x03})
	f.Add([]byte{0x00, 0x00, 0x51, 0x51}, []byte{0x00, 0x51})
	f.Fuzz(func(t *testing.T, script, pattern []byte) {
		got := FindAndDelete(script, pattern)
		if len(got) > len(script) {
			t.Fatalf("grew: %x -> %x", script, got)
		}
		if len(pattern) > 0 && len(got) != len(script) && (len(script)-len(got))%len(pattern) != 0 {
			t.Fatalf("removed a partial pattern: %x - %x -> %x", script, pattern, got)
		}
	})
}
