package indexers

import (
	"encoding/binary"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// Schema of the block filter index database
// (<datadir>/indexes/blockfilter/basic/db), version 1:
//
//	"V"                       → schema version, uint32 little-endian (1)
//	"B"                       → best block: hash (32) || height (uint32 LE)
//	"f" || block hash (32)    → height (uint32 LE) || filter hash (32) ||
//	                            filter header (32) || encoded filter
//	"h" || height (uint32 BE) → block hash (32) || filter hash (32) ||
//	                            filter header (32)
//
// Block hashes are in internal byte order. "f" records are written for
// every block ever indexed and never deleted (stale blocks keep theirs);
// "h" entries describe the index's active chain and are rewritten on
// disconnect. Heights are big-endian in keys so that a prefix iterator
// walks them in order.
//
// Difference from Bitcoin Core: Core appends the encoded filters to flat
// files (indexes/blockfilter/basic/fltrNNNNN.dat) and keeps in LevelDB only
// their position with the filter hash and header, under keys of its own
// ('t' by height, 'h' by hash, 'B' locator). We keep the filter bytes in
// LevelDB itself, so the database is not interchangeable with Core's.
const schemaVersion = 1

var (
	keyVersion = []byte("V")
	keyBest    = []byte("B")
)

const (
	prefixFilter = 'f'
	prefixHeight = 'h'

	// heightEntrySize is the size of an "h" value.
	heightEntrySize = 3 * chainhash.HashSize
	// filterRecordMin is the size of an "f" value without its filter.
	filterRecordMin = 4 + 2*chainhash.HashSize
	// bestSize is the size of the "B" value.
	bestSize = chainhash.HashSize + 4
)

func filterKey(hash chainhash.Hash) []byte {
	k := make([]byte, 1+chainhash.HashSize)
	k[0] = prefixFilter
	copy(k[1:], hash[:])
	return k
}

func heightKey(height int32) []byte {
	k := make([]byte, 5)
	k[0] = prefixHeight
	binary.BigEndian.PutUint32(k[1:], uint32(height))
	return k
}

// filterRecord is a decoded "f" value.
type filterRecord struct {
	height     int32
	filterHash chainhash.Hash
	header     chainhash.Hash
	filter     []byte // aliases the stored value
}

func encodeFilterRecord(r filterRecord) []byte {
	v := make([]byte, filterRecordMin+len(r.filter))
	binary.LittleEndian.PutUint32(v, uint32(r.height))
	copy(v[4:], r.filterHash[:])
	copy(v[4+chainhash.HashSize:], r.header[:])
	copy(v[filterRecordMin:], r.filter)
	return v
}

func decodeFilterRecord(v []byte) (filterRecord, error) {
	if len(v) < filterRecordMin {
		return filterRecord{}, makeError(ErrCorrupt, nil, "filter record of %d bytes", len(v))
	}
	h := binary.LittleEndian.Uint32(v)
	if h > maxHeight {
		return filterRecord{}, makeError(ErrCorrupt, nil, "filter record with height %d", h)
	}
	var r filterRecord
	r.height = int32(h)
	copy(r.filterHash[:], v[4:])
	copy(r.header[:], v[4+chainhash.HashSize:])
	r.filter = v[filterRecordMin:]
	if chainhash.DoubleSHA256(r.filter) != r.filterHash {
		return filterRecord{}, makeError(ErrCorrupt, nil, "filter record whose filter does not match its hash")
	}
	return r, nil
}

// heightEntry is a decoded "h" value.
type heightEntry struct {
	blockHash  chainhash.Hash
	filterHash chainhash.Hash
	header     chainhash.Hash
}

func encodeHeightEntry(e heightEntry) []byte {
	v := make([]byte, heightEntrySize)
	copy(v, e.blockHash[:])
	copy(v[chainhash.HashSize:], e.filterHash[:])
	copy(v[2*chainhash.HashSize:], e.header[:])
	return v
}

func decodeHeightEntry(v []byte) (heightEntry, error) {
	if len(v) != heightEntrySize {
		return heightEntry{}, makeError(ErrCorrupt, nil, "height entry of %d bytes", len(v))
	}
	var e heightEntry
	copy(e.blockHash[:], v)
	copy(e.filterHash[:], v[chainhash.HashSize:])
	copy(e.header[:], v[2*chainhash.HashSize:])
	return e, nil
}

// maxHeight bounds stored heights (int32).
const maxHeight = 1<<31 - 1

func encodeBest(hash chainhash.Hash, height int32) []byte {
	v := make([]byte, bestSize)
	copy(v, hash[:])
	binary.LittleEndian.PutUint32(v[chainhash.HashSize:], uint32(height))
	return v
}

func decodeBest(v []byte) (chainhash.Hash, int32, error) {
	if len(v) != bestSize {
		return chainhash.Hash{}, 0, makeError(ErrCorrupt, nil, "best block record of %d bytes", len(v))
	}
	var h chainhash.Hash
	copy(h[:], v)
	height := binary.LittleEndian.Uint32(v[chainhash.HashSize:])
	if height > maxHeight {
		return chainhash.Hash{}, 0, makeError(ErrCorrupt, nil, "best block record with height %d", height)
	}
	return h, int32(height), nil
}
