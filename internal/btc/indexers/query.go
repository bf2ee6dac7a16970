package indexers

import (
	"errors"

	"github.com/twinchain/twinchain/internal/btc/blockfilter"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv"
)

// MaxGetCFilters is BIP157's limit on the filters one getcfilters asks
// for; MaxGetCFHeaders the limit on the hashes one getcfheaders asks for.
const (
	MaxGetCFilters  = 1000
	MaxGetCFHeaders = 2000
)

// FilterEntry is one indexed filter.
type FilterEntry struct {
	BlockHash  chainhash.Hash
	Height     int32
	Filter     []byte // the encoded filter
	FilterHash chainhash.Hash
	Header     chainhash.Hash
}

func (ix *BlockFilterIndex) record(hash chainhash.Hash) (filterRecord, error) {
	v, err := ix.db.Get(filterKey(hash))
	if errors.Is(err, kv.ErrNotFound) {
		return filterRecord{}, makeError(ErrNotFound, nil, "no filter for block %s", hash)
	}
	if err != nil {
		return filterRecord{}, makeError(ErrCorrupt, err, "read filter of block %s", hash)
	}
	return decodeFilterRecord(v)
}

func (ix *BlockFilterIndex) entryAt(height int32) (heightEntry, error) {
	if height < 0 {
		return heightEntry{}, makeError(ErrNotFound, nil, "no filter at height %d", height)
	}
	v, err := ix.db.Get(heightKey(height))
	if errors.Is(err, kv.ErrNotFound) {
		return heightEntry{}, makeError(ErrNotFound, nil, "no filter at height %d", height)
	}
	if err != nil {
		return heightEntry{}, makeError(ErrCorrupt, err, "read filter at height %d", height)
	}
	return decodeHeightEntry(v)
}

// FilterByHash returns the block's indexed filter (stale blocks included).
func (ix *BlockFilterIndex) FilterByHash(hash chainhash.Hash) (FilterEntry, error) {
	r, err := ix.record(hash)
	if err != nil {
		return FilterEntry{}, err
	}
	return FilterEntry{BlockHash: hash, Height: r.height, Filter: r.filter, FilterHash: r.filterHash, Header: r.header}, nil
}

// FilterHeaderByHash returns the block's filter header.
func (ix *BlockFilterIndex) FilterHeaderByHash(hash chainhash.Hash) (chainhash.Hash, error) {
	r, err := ix.record(hash)
	if err != nil {
		return chainhash.Hash{}, err
	}
	return r.header, nil
}

// stopHeight returns the height of stopHash, which must be on the index's
// active chain.
func (ix *BlockFilterIndex) stopHeight(stopHash chainhash.Hash) (int32, error) {
	r, err := ix.record(stopHash)
	if err != nil {
		return 0, err
	}
	e, err := ix.entryAt(r.height)
	if errors.Is(err, ErrNotFound) || (err == nil && e.blockHash != stopHash) {
		return 0, makeError(ErrNotActive, nil, "block %s is not on the active chain", stopHash)
	}
	if err != nil {
		return 0, err
	}
	return r.height, nil
}

// checkRange validates [start, stop] with at most limit entries.
func checkRange(start, stop int32, limit int) error {
	if start < 0 || start > stop || int64(stop)-int64(start) >= int64(limit) {
		return makeError(ErrRange, nil, "height range %d to %d (at most %d)", start, stop, limit)
	}
	return nil
}

// FilterHashes answers getcfheaders: the filter header of the block before
// startHeight (zero for start 0) and the filter hashes from startHeight to
// stopHash, which must be on the active chain, at most MaxGetCFHeaders.
func (ix *BlockFilterIndex) FilterHashes(startHeight int32, stopHash chainhash.Hash) (prevHeader chainhash.Hash, hashes []chainhash.Hash, err error) {
	stop, err := ix.stopHeight(stopHash)
	if err != nil {
		return chainhash.Hash{}, nil, err
	}
	if err := checkRange(startHeight, stop, MaxGetCFHeaders); err != nil {
		return chainhash.Hash{}, nil, err
	}
	if startHeight > 0 {
		e, err := ix.entryAt(startHeight - 1)
		if err != nil {
			return chainhash.Hash{}, nil, err
		}
		prevHeader = e.header
	}
	entries, err := ix.entries(startHeight, stop)
	if err != nil {
		return chainhash.Hash{}, nil, err
	}
	hashes = make([]chainhash.Hash, len(entries))
	for i, e := range entries {
		hashes[i] = e.filterHash
	}
	return prevHeader, hashes, nil
}

// entries reads the height entries from start to stop.
func (ix *BlockFilterIndex) entries(start, stop int32) ([]heightEntry, error) {
	out := make([]heightEntry, 0, stop-start+1)
	it := ix.db.NewIterator([]byte{prefixHeight}, heightKey(start)[1:])
	defer it.Release()
	want := start
	for want <= stop && it.Next() {
		k := it.Key()
		if len(k) != 5 || int32(uint32(k[1])<<24|uint32(k[2])<<16|uint32(k[3])<<8|uint32(k[4])) != want {
			return nil, makeError(ErrNotFound, nil, "no filter at height %d", want)
		}
		e, err := decodeHeightEntry(it.Value())
		if err != nil {
			return nil, err
		}
		out = append(out, e)
		want++
	}
	if err := it.Error(); err != nil {
		return nil, makeError(ErrCorrupt, err, "iterate filter heights")
	}
	if want <= stop {
		return nil, makeError(ErrNotFound, nil, "no filter at height %d", want)
	}
	return out, nil
}

// Filters answers getcfilters: the filters from startHeight to stopHash,
// which must be on the active chain, at most MaxGetCFilters.
func (ix *BlockFilterIndex) Filters(startHeight int32, stopHash chainhash.Hash) ([]FilterEntry, error) {
	stop, err := ix.stopHeight(stopHash)
	if err != nil {
		return nil, err
	}
	if err := checkRange(startHeight, stop, MaxGetCFilters); err != nil {
		return nil, err
	}
	entries, err := ix.entries(startHeight, stop)
	if err != nil {
		return nil, err
	}
	out := make([]FilterEntry, len(entries))
	for i, e := range entries {
		r, err := ix.record(e.blockHash)
		if err != nil {
			return nil, err
		}
		out[i] = FilterEntry{BlockHash: e.blockHash, Height: startHeight + int32(i), Filter: r.filter, FilterHash: r.filterHash, Header: r.header}
	}
	return out, nil
}

// Checkpoints answers getcfcheckpt: the filter headers at every
// blockfilter.CheckpointInterval heights up to stopHash, which must be on
// the active chain.
func (ix *BlockFilterIndex) Checkpoints(stopHash chainhash.Hash) ([]chainhash.Hash, error) {
	stop, err := ix.stopHeight(stopHash)
	if err != nil {
		return nil, err
	}
	out := make([]chainhash.Hash, 0, stop/blockfilter.CheckpointInterval)
	for h := int32(blockfilter.CheckpointInterval); h <= stop; h += blockfilter.CheckpointInterval {
		e, err := ix.entryAt(h)
		if err != nil {
			return nil, err
		}
		out = append(out, e.header)
	}
	return out, nil
}
