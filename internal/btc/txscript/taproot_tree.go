package txscript

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// TapTree is a BIP341 script tree: either a leaf (Leaf non-nil) or a branch
// with exactly two children. Its JSON form is the one of the BIP341 wallet
// vectors: a leaf is {"id": n, "script": "hex", "leafVersion": 192} and a
// branch is a two-element array [left, right].
type TapTree struct {
	Leaf     *TapLeaf
	Children [2]*TapTree
}

// TapLeaf is one script of a taproot tree.
type TapLeaf struct {
	// Version is the leaf version (0xc0 for tapscript); its low bit must be
	// clear.
	Version byte
	Script  []byte
}

// maxTapTreeDepth bounds the trees BuildTaprootTree accepts, as control
// blocks do.
const maxTapTreeDepth = TaprootControlMaxNodeCount

// errTapTree is the cause of every malformed-tree error.
var errTapTree = errors.New("txscript: malformed taproot tree")

// UnmarshalJSON decodes the BIP341 wallet-vector shape of a tree.
func (t *TapTree) UnmarshalJSON(data []byte) error {
	return t.unmarshal(data, 0)
}

func (t *TapTree) unmarshal(data []byte, depth int) error {
	if depth > maxTapTreeDepth {
		return fmt.Errorf("%w: deeper than %d", errTapTree, maxTapTreeDepth)
	}
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		var kids []json.RawMessage
		if err := json.Unmarshal(data, &kids); err != nil {
			return err
		}
		if len(kids) != 2 {
			return fmt.Errorf("%w: a branch has %d children, want 2", errTapTree, len(kids))
		}
		for i := range kids {
			t.Children[i] = new(TapTree)
			if err := t.Children[i].unmarshal(kids[i], depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	var leaf struct {
		Script      *string `json:"script"`
		LeafVersion *int    `json:"leafVersion"`
	}
	if err := json.Unmarshal(data, &leaf); err != nil {
		return err
	}
	if leaf.Script == nil || leaf.LeafVersion == nil {
		return fmt.Errorf("%w: a leaf needs script and leafVersion", errTapTree)
	}
	script, err := hex.DecodeString(*leaf.Script)
	if err != nil {
		return fmt.Errorf("%w: leaf script: %v", errTapTree, err)
	}
	v := *leaf.LeafVersion
	if v < 0 || v > 0xff || byte(v)&^TaprootLeafMask != 0 {
		return fmt.Errorf("%w: leaf version %d", errTapTree, v)
	}
	t.Leaf = &TapLeaf{Version: byte(v), Script: script}
	return nil
}

// TaprootSpendInfo is everything needed to pay to and spend a taproot
// output: the output key and, for each leaf, its hash and control block.
type TaprootSpendInfo struct {
	InternalKey [32]byte
	// MerkleRoot is nil for an output without a script tree.
	MerkleRoot *chainhash.Hash
	// Tweak is H_TapTweak(InternalKey || MerkleRoot).
	Tweak     [32]byte
	OutputKey [32]byte
	OddY      bool
	// Leaves are in depth-first, left-to-right order (the order of the
	// BIP341 vectors' ids).
	Leaves []TapLeafSpend
}

// TapLeafSpend is one leaf of a built tree.
type TapLeafSpend struct {
	TapLeaf
	LeafHash chainhash.Hash
	// ControlBlock is (version | parity) || internal key || path.
	ControlBlock []byte
}

// ScriptPubKey returns OP_1 <output key>.
func (s *TaprootSpendInfo) ScriptPubKey() []byte { return PayToTaprootScript(s.OutputKey) }

// BuildTaprootTree computes the output key for the x-only internal key and
// the script tree (nil for a key-path-only output), the leaf hashes and one
// control block per leaf. It fails for a malformed tree (a node that is
// neither a leaf nor a two-child branch, a leaf version with the low bit set,
// more than 128 levels) or an internal key that is not on the curve.
//
// This function is safe for concurrent access.
func BuildTaprootTree(internal [32]byte, tree *TapTree) (*TaprootSpendInfo, error) {
	info := &TaprootSpendInfo{InternalKey: internal}
	var paths [][]chainhash.Hash
	if tree != nil {
		root, err := info.walk(tree, 0, &paths)
		if err != nil {
			return nil, err
		}
		info.MerkleRoot = &root
	}
	var rootBytes []byte
	if info.MerkleRoot != nil {
		rootBytes = info.MerkleRoot[:]
	}
	var err error
	info.Tweak = chainhash.TagTapTweak.Sum(internal[:], rootBytes)
	info.OutputKey, info.OddY, err = TaprootOutputKey(internal, info.MerkleRoot)
	if err != nil {
		return nil, err
	}
	var parity byte
	if info.OddY {
		parity = 1
	}
	for i := range info.Leaves {
		l := &info.Leaves[i]
		cb := make([]byte, 0, TaprootControlBaseSize+TaprootControlNodeSize*len(paths[i]))
		cb = append(cb, l.Version|parity)
		cb = append(cb, internal[:]...)
		for _, n := range paths[i] {
			cb = append(cb, n[:]...)
		}
		l.ControlBlock = cb
	}
	return info, nil
}

// walk appends the leaves under t to info.Leaves with their paths (sibling
// hashes from the leaf upward) in paths, and returns t's hash.
func (info *TaprootSpendInfo) walk(t *TapTree, depth int, paths *[][]chainhash.Hash) (chainhash.Hash, error) {
	if depth > maxTapTreeDepth {
		return chainhash.Hash{}, fmt.Errorf("%w: deeper than %d", errTapTree, maxTapTreeDepth)
	}
	if t.Leaf != nil {
		if t.Children[0] != nil || t.Children[1] != nil {
			return chainhash.Hash{}, fmt.Errorf("%w: a leaf with children", errTapTree)
		}
		if t.Leaf.Version&^TaprootLeafMask != 0 {
			return chainhash.Hash{}, fmt.Errorf("%w: leaf version %#x", errTapTree, t.Leaf.Version)
		}
		h := TapLeafHash(t.Leaf.Version, t.Leaf.Script)
		info.Leaves = append(info.Leaves, TapLeafSpend{TapLeaf: *t.Leaf, LeafHash: h})
		*paths = append(*paths, nil)
		return h, nil
	}
	if t.Children[0] == nil || t.Children[1] == nil {
		return chainhash.Hash{}, fmt.Errorf("%w: a branch without two children", errTapTree)
	}
	first := len(info.Leaves)
	left, err := info.walk(t.Children[0], depth+1, paths)
	if err != nil {
		return chainhash.Hash{}, err
	}
	mid := len(info.Leaves)
	right, err := info.walk(t.Children[1], depth+1, paths)
	if err != nil {
		return chainhash.Hash{}, err
	}
	for i := first; i < mid; i++ {
		(*paths)[i] = append((*paths)[i], right)
	}
	for i := mid; i < len(info.Leaves); i++ {
		(*paths)[i] = append((*paths)[i], left)
	}
	return TapBranchHash(left, right), nil
}
