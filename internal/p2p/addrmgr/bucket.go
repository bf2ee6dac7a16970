package addrmgr

import (
	"crypto/sha256"
	"encoding/binary"
)

// Table dimensions and policy constants, Core's ADDRMAN_* values.
const (
	NewBucketCount   = 1024 // buckets in the new table
	TriedBucketCount = 256  // buckets in the tried table
	BucketSize       = 64   // slots per bucket

	newBucketsLog2   = 10
	triedBucketsLog2 = 8
	bucketSizeLog2   = 6

	triedBucketsPerGroup     = 8  // tried buckets one address group can reach
	newBucketsPerSourceGroup = 64 // new buckets one source group can reach
	newBucketsPerAddress     = 8  // new-table references per address

	// MaxNew and MaxTried bound the table populations.
	MaxNew   = NewBucketCount * BucketSize
	MaxTried = TriedBucketCount * BucketSize
)

// cheapHash is Core's HashWriter(...).GetCheapHash(): the first 8 bytes of
// SHA256d(data), little endian.
func cheapHash(data []byte) uint64 {
	h := sha256.Sum256(data)
	h = sha256.Sum256(h[:])
	return binary.LittleEndian.Uint64(h[:8])
}

// appendVec appends v as Core serializes a std::vector<unsigned char>:
// compact-size length (always < 253 here) then the bytes.
func appendVec(dst []byte, v []byte) []byte {
	dst = append(dst, byte(len(v)))
	return append(dst, v...)
}

// triedBucket is Core's AddrInfo::GetTriedBucket without an asmap.
func triedBucket(key *[32]byte, a Addr) int {
	var kb, gb [40]byte
	k := a.appendKey(kb[:0])
	g := a.appendGroup(gb[:0])
	var buf [128]byte
	b := append(buf[:0], key[:]...)
	b = appendVec(b, k)
	h1 := cheapHash(b)
	b = append(buf[:0], key[:]...)
	b = appendVec(b, g)
	b = binary.LittleEndian.AppendUint64(b, h1%triedBucketsPerGroup)
	return int(cheapHash(b) % TriedBucketCount)
}

// newBucket is Core's AddrInfo::GetNewBucket(key, src) without an asmap:
// the bucket depends on the groups of the address and of its source only.
func newBucket(key *[32]byte, a, src Addr) int {
	var gb, sb [40]byte
	g := a.appendGroup(gb[:0])
	s := src.appendGroup(sb[:0])
	var buf [128]byte
	b := append(buf[:0], key[:]...)
	b = appendVec(b, g)
	b = appendVec(b, s)
	h1 := cheapHash(b)
	b = append(buf[:0], key[:]...)
	b = appendVec(b, s)
	b = binary.LittleEndian.AppendUint64(b, h1%newBucketsPerSourceGroup)
	return int(cheapHash(b) % NewBucketCount)
}

// bucketPosition is Core's AddrInfo::GetBucketPosition: the slot of a in
// bucket of the new (isNew) or tried table.
func bucketPosition(key *[32]byte, isNew bool, bucket int, a Addr) int {
	var buf [128]byte
	b := append(buf[:0], key[:]...)
	if isNew {
		b = append(b, 'N')
	} else {
		b = append(b, 'K')
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(int32(bucket)))
	var kb [40]byte
	b = appendVec(b, a.appendKey(kb[:0]))
	return int(cheapHash(b) % BucketSize)
}
