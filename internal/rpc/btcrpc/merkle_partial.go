package btcrpc

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// maxProofTxs bounds a partial merkle tree's transaction count as Core's
// CPartialMerkleTree::ExtractMatches does: MAX_BLOCK_WEIGHT divided by
// MIN_TRANSACTION_WEIGHT (4,000,000 / 240).
const maxProofTxs = 4_000_000 / 240

// partialMerkleTree is BIP 37's partial merkle tree (Core's
// CPartialMerkleTree): the transaction count, the hashes of the pruned
// subtrees and matched leaves in depth-first order, and one flag bit per
// node visited.
type partialMerkleTree struct {
	total  uint32
	hashes []chainhash.Hash
	bits   []bool
}

// merkleProof is Core's CMerkleBlock: a block header and the partial merkle
// tree of some of its transactions.
type merkleProof struct {
	header primitives.Header
	tree   partialMerkleTree
}

// treeWidth is the number of nodes at height h of a tree of n leaves.
func treeWidth(n uint32, h int) uint32 {
	return uint32((uint64(n) + (1 << h) - 1) >> h)
}

// treeHeight is the height of a tree of n leaves.
func treeHeight(n uint32) int {
	h := 0
	for treeWidth(n, h) > 1 {
		h++
	}
	return h
}

func hashPair(left, right *chainhash.Hash) chainhash.Hash {
	var buf [64]byte
	copy(buf[:32], left[:])
	copy(buf[32:], right[:])
	first := sha256.Sum256(buf[:])
	return sha256.Sum256(first[:])
}

// newPartialMerkleTree builds the tree of txids whose leaves with match
// set are revealed.
func newPartialMerkleTree(txids []chainhash.Hash, match []bool) partialMerkleTree {
	t := partialMerkleTree{total: uint32(len(txids))}
	t.build(treeHeight(t.total), 0, txids, match)
	return t
}

// nodeHash is the hash of the node at height h, position pos.
func (t *partialMerkleTree) nodeHash(h int, pos uint32, txids []chainhash.Hash) chainhash.Hash {
	if h == 0 {
		return txids[pos]
	}
	left := t.nodeHash(h-1, pos*2, txids)
	right := left
	if pos*2+1 < treeWidth(t.total, h-1) {
		right = t.nodeHash(h-1, pos*2+1, txids)
	}
	return hashPair(&left, &right)
}

func (t *partialMerkleTree) build(h int, pos uint32, txids []chainhash.Hash, match []bool) {
	parentOfMatch := false
	for p := uint64(pos) << h; p < (uint64(pos)+1)<<h && p < uint64(t.total); p++ {
		parentOfMatch = parentOfMatch || match[p]
	}
	t.bits = append(t.bits, parentOfMatch)
	if h == 0 || !parentOfMatch {
		t.hashes = append(t.hashes, t.nodeHash(h, pos, txids))
		return
	}
	t.build(h-1, pos*2, txids, match)
	if pos*2+1 < treeWidth(t.total, h-1) {
		t.build(h-1, pos*2+1, txids, match)
	}
}

// extractCursor walks a tree's bits and hashes.
type extractCursor struct {
	bitsUsed, hashUsed int
	bad                bool
	matches            []chainhash.Hash
}

func (t *partialMerkleTree) extract(h int, pos uint32, c *extractCursor) chainhash.Hash {
	if c.bitsUsed >= len(t.bits) {
		c.bad = true
		return chainhash.Hash{}
	}
	parentOfMatch := t.bits[c.bitsUsed]
	c.bitsUsed++
	if h == 0 || !parentOfMatch {
		if c.hashUsed >= len(t.hashes) {
			c.bad = true
			return chainhash.Hash{}
		}
		hash := t.hashes[c.hashUsed]
		c.hashUsed++
		if h == 0 && parentOfMatch {
			c.matches = append(c.matches, hash)
		}
		return hash
	}
	left := t.extract(h-1, pos*2, c)
	right := left
	if pos*2+1 < treeWidth(t.total, h-1) {
		right = t.extract(h-1, pos*2+1, c)
		if right == left {
			// CVE-2012-2459: a right node equal to the left one.
			c.bad = true
		}
	}
	return hashPair(&left, &right)
}

// extractMatches is Core's ExtractMatches: the merkle root the tree commits
// to and the matched txids, or ok false for a malformed tree.
func (t *partialMerkleTree) extractMatches() (root chainhash.Hash, matches []chainhash.Hash, ok bool) {
	if t.total == 0 || t.total > maxProofTxs || len(t.hashes) > int(t.total) || len(t.bits) < len(t.hashes) {
		return chainhash.Hash{}, nil, false
	}
	var c extractCursor
	root = t.extract(treeHeight(t.total), 0, &c)
	if c.bad || (c.bitsUsed+7)/8 != (len(t.bits)+7)/8 || c.hashUsed != len(t.hashes) {
		return chainhash.Hash{}, nil, false
	}
	return root, c.matches, true
}

// appendTo serializes the proof as Core's CMerkleBlock: the header, the
// transaction count, the hashes and the flag bits packed LSB first.
func (m *merkleProof) appendTo(b []byte) []byte {
	b = m.header.AppendTo(b)
	b = binary.LittleEndian.AppendUint32(b, m.tree.total)
	b = primitives.AppendCompactSize(b, uint64(len(m.tree.hashes)))
	for i := range m.tree.hashes {
		b = append(b, m.tree.hashes[i][:]...)
	}
	flags := make([]byte, (len(m.tree.bits)+7)/8)
	for i, bit := range m.tree.bits {
		if bit {
			flags[i/8] |= 1 << (i % 8)
		}
	}
	b = primitives.AppendCompactSize(b, uint64(len(flags)))
	return append(b, flags...)
}

// Core's stream errors for a proof that does not deserialize (libstdc++
// appends ": iostream error" to an ios_base::failure's message).
var (
	errProofEOF = errors.New("DataStream::read(): end of data: iostream error")
)

// decodeMerkleProof reads a CMerkleBlock from the start of b; trailing
// bytes are ignored, as Core's verifytxoutproof ignores them.
func decodeMerkleProof(b []byte) (*merkleProof, error) {
	if len(b) < primitives.HeaderSize+4 {
		return nil, errProofEOF
	}
	hdr, err := primitives.DecodeHeader(b[:primitives.HeaderSize])
	if err != nil {
		return nil, errProofEOF
	}
	m := &merkleProof{header: hdr}
	b = b[primitives.HeaderSize:]
	m.tree.total = binary.LittleEndian.Uint32(b)
	b = b[4:]
	n, used, err := readProofCompactSize(b)
	if err != nil {
		return nil, err
	}
	b = b[used:]
	if n > uint64(len(b)/chainhash.HashSize) {
		return nil, errProofEOF
	}
	m.tree.hashes = make([]chainhash.Hash, n)
	for i := range m.tree.hashes {
		copy(m.tree.hashes[i][:], b[:chainhash.HashSize])
		b = b[chainhash.HashSize:]
	}
	n, used, err = readProofCompactSize(b)
	if err != nil {
		return nil, err
	}
	b = b[used:]
	if n > uint64(len(b)) {
		return nil, errProofEOF
	}
	m.tree.bits = make([]bool, 8*n)
	for i := range m.tree.bits {
		m.tree.bits[i] = b[i/8]&(1<<(i%8)) != 0
	}
	return m, nil
}

// readProofCompactSize is ReadCompactSize with Core's stream messages.
func readProofCompactSize(b []byte) (uint64, int, error) {
	n, used, err := primitives.ReadCompactSize(b)
	switch {
	case err == nil:
		return n, used, nil
	case errors.Is(err, primitives.ErrNonCanonicalCompactSize):
		return 0, 0, errors.New("non-canonical ReadCompactSize(): iostream error")
	case errors.Is(err, primitives.ErrCompactSizeTooLarge):
		return 0, 0, errors.New("ReadCompactSize(): size too large: iostream error")
	}
	return 0, 0, errProofEOF
}
