package primitives

import (
	"crypto/sha256"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// ComputeMerkleRoot returns the merkle root of hashes the way Core's
// ComputeMerkleRoot does, duplicating the last hash of an odd level. mutated
// reports CVE-2012-2459: two identical hashes paired at some level, which
// lets a different transaction list produce the same root. The empty list
// has the zero root.
func ComputeMerkleRoot(hashes []chainhash.Hash) (root chainhash.Hash, mutated bool) {
	if len(hashes) == 0 {
		return chainhash.Hash{}, false
	}
	level := append(make([]chainhash.Hash, 0, len(hashes)+1), hashes...)
	var buf [64]byte
	for len(level) > 1 {
		for i := 0; i+1 < len(level); i += 2 {
			if level[i] == level[i+1] {
				mutated = true
			}
		}
		if len(level)%2 == 1 {
			level = append(level, level[len(level)-1])
		}
		for i := 0; i < len(level)/2; i++ {
			copy(buf[:32], level[2*i][:])
			copy(buf[32:], level[2*i+1][:])
			first := sha256.Sum256(buf[:])
			level[i] = sha256.Sum256(first[:])
		}
		level = level[:len(level)/2]
	}
	return level[0], mutated
}

// MerkleRoot returns the merkle root of the block's transactions and whether
// the transaction list is mutated (CVE-2012-2459).
func (b *Block) MerkleRoot() (chainhash.Hash, bool) {
	return ComputeMerkleRoot(b.TxHashes())
}

// WitnessMerkleRoot returns the BIP141 witness root: the merkle root of the
// wtxids with the coinbase's replaced by zero.
func (b *Block) WitnessMerkleRoot() (chainhash.Hash, bool) {
	ws := b.WitnessHashes()
	if len(ws) == 0 {
		return chainhash.Hash{}, false
	}
	hs := append(make([]chainhash.Hash, 0, len(ws)), ws...)
	hs[0] = chainhash.Hash{}
	return ComputeMerkleRoot(hs)
}

// witnessCommitmentHeader is OP_RETURN, a 36-byte push, and the BIP141
// commitment tag 0xaa21a9ed.
var witnessCommitmentHeader = [6]byte{0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed}

// MinWitnessCommitmentSize is the length of a witness commitment script
// without extra data.
const MinWitnessCommitmentSize = 38

// WitnessCommitmentIndex returns the index of the output of coinbase that
// holds the BIP141 witness commitment (the last output that matches), or -1.
func WitnessCommitmentIndex(coinbase *Tx) int {
	idx := -1
	for i := range coinbase.Outputs {
		s := coinbase.Outputs[i].ScriptPubKey
		if len(s) >= MinWitnessCommitmentSize && [6]byte(s[:6]) == witnessCommitmentHeader {
			idx = i
		}
	}
	return idx
}

// WitnessCommitment returns SHA-256d(witnessRoot || reservedValue), the value
// a coinbase commits to after the 0xaa21a9ed tag.
func WitnessCommitment(witnessRoot chainhash.Hash, reservedValue []byte) chainhash.Hash {
	buf := make([]byte, 0, 64)
	buf = append(buf, witnessRoot[:]...)
	buf = append(buf, reservedValue...)
	return chainhash.DoubleSHA256(buf)
}

// WitnessCommitmentScript returns the coinbase output script committing to
// commitment: OP_RETURN PUSH36 0xaa21a9ed || commitment.
func WitnessCommitmentScript(commitment chainhash.Hash) []byte {
	s := make([]byte, 0, MinWitnessCommitmentSize)
	s = append(s, witnessCommitmentHeader[:]...)
	return append(s, commitment[:]...)
}
