package txscript

import (
	"bytes"
	"crypto/sha256"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

// BIP341 constants for control blocks and leaves.
const (
	// BaseLeafVersion is the tapscript leaf version (BIP342), 0xc0.
	BaseLeafVersion byte = 0xc0
	// TaprootLeafMask selects the leaf version from a control block's
	// first byte; the low bit is the output key's y parity.
	TaprootLeafMask byte = 0xfe
	// TaprootControlBaseSize is the control-block size without a path:
	// the version/parity byte and the 32-byte internal key.
	TaprootControlBaseSize = 33
	// TaprootControlNodeSize is the size of one path element.
	TaprootControlNodeSize = 32
	// TaprootControlMaxNodeCount is the deepest path a control block may
	// carry.
	TaprootControlMaxNodeCount = 128
	// TaprootControlMaxSize is the largest valid control block.
	TaprootControlMaxSize = TaprootControlBaseSize + TaprootControlNodeSize*TaprootControlMaxNodeCount
)

// TapLeafHash returns the BIP341 leaf hash H_TapLeaf(leafVersion ||
// compact_size(len(script)) || script). leafVersion is the version with the
// parity bit cleared (0xc0 for tapscript).
//
// This function is safe for concurrent access.
func TapLeafHash(leafVersion byte, script []byte) chainhash.Hash {
	var pre [64 + 1 + 9]byte
	b := append(pre[:0], tapLeafPrefix[:]...)
	b = append(b, leafVersion)
	b = primitives.AppendCompactSize(b, uint64(len(script)))
	if len(script) <= 256 {
		// Short scripts: hash one stack buffer.
		var buf [64 + 1 + 9 + 256]byte
		m := append(append(buf[:0], b...), script...)
		return sha256.Sum256(m)
	}
	d := sha256.New()
	d.Write(b)
	d.Write(script)
	var h chainhash.Hash
	d.Sum(h[:0])
	return h
}

// TapBranchHash returns the BIP341 branch hash H_TapBranch(min(a,b) ||
// max(a,b)), the children ordered lexicographically.
//
// This function is safe for concurrent access.
func TapBranchHash(a, b chainhash.Hash) chainhash.Hash {
	var buf [128]byte
	copy(buf[:64], tapBranchPrefix[:])
	if bytes.Compare(a[:], b[:]) < 0 {
		copy(buf[64:], a[:])
		copy(buf[96:], b[:])
	} else {
		copy(buf[64:], b[:])
		copy(buf[96:], a[:])
	}
	return sha256.Sum256(buf[:])
}

// ComputeTaprootMerkleRoot returns the Merkle root that the path in
// controlBlock (the 32-byte nodes after the 33-byte base) proves for
// leafHash, as Core's ComputeTaprootMerkleRoot. The caller checks the
// control-block size first; bytes that do not form a whole node are
// ignored, and a block shorter than the base yields leafHash.
//
// This function is safe for concurrent access.
func ComputeTaprootMerkleRoot(controlBlock []byte, leafHash chainhash.Hash) chainhash.Hash {
	k := leafHash
	if len(controlBlock) < TaprootControlBaseSize {
		return k
	}
	path := controlBlock[TaprootControlBaseSize:]
	for len(path) >= TaprootControlNodeSize {
		k = TapBranchHash(k, chainhash.Hash(path[:TaprootControlNodeSize]))
		path = path[TaprootControlNodeSize:]
	}
	return k
}

// VerifyTaprootCommitment reports whether the 32-byte witness program (the
// output key Q) commits to the script whose leaf hash is leafHash through
// controlBlock: with P the internal key in the control block and r the
// Merkle root of the path, Q must equal P + H_TapTweak(P||r)·G with the y
// parity of the control block's low bit. This is Core's
// VerifyTaprootCommitment; the leaf-version and control-block size checks
// are the caller's (a block shorter than 33 bytes or a program shorter than
// 32 bytes simply fails).
//
// This function is safe for concurrent access.
func VerifyTaprootCommitment(controlBlock, program []byte, leafHash chainhash.Hash) bool {
	if len(controlBlock) < TaprootControlBaseSize || len(program) < 32 {
		return false
	}
	internal := [32]byte(controlBlock[1:TaprootControlBaseSize])
	output := [32]byte(program[:32])
	root := ComputeTaprootMerkleRoot(controlBlock, leafHash)
	tweak := crypto.TapTweakHash(internal, root[:])
	return crypto.CheckTapTweak(internal, output, controlBlock[0]&1 == 1, tweak)
}

// TaprootOutputKey returns the BIP341 output key Q = P + t·G for the x-only
// internal key P, with t = H_TapTweak(P || merkleRoot) (merkleRoot nil for an
// output without scripts), and whether Q has an odd y. It fails when P is
// not a valid x-only key or the tweak is out of range (negligible).
//
// This function is safe for concurrent access.
func TaprootOutputKey(internal [32]byte, merkleRoot *chainhash.Hash) (out [32]byte, oddY bool, err error) {
	var root []byte
	if merkleRoot != nil {
		root = merkleRoot[:]
	}
	return crypto.TweakXOnly(internal, crypto.TapTweakHash(internal, root))
}

// PayToTaprootScript returns the segwit v1 scriptPubKey OP_1 <32-byte
// output key>.
//
// This function is safe for concurrent access.
func PayToTaprootScript(outputKey [32]byte) []byte {
	return append([]byte{0x51, 0x20}, outputKey[:]...)
}

// Tagged-hash prefixes (SHA256(tag) twice) for hashing from one stack buffer.
// Constant tables.
var (
	tapLeafPrefix   = tagPrefix("TapLeaf")
	tapBranchPrefix = tagPrefix("TapBranch")
)

func tagPrefix(tag string) (p [64]byte) {
	t := sha256.Sum256([]byte(tag))
	copy(p[:32], t[:])
	copy(p[32:], t[:])
	return p
}
