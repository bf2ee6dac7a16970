package indexers

import (
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockfilter"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// syntheticIndex opens an index over a memdb holding n synthetic entries
// (heights 0..n-1) and returns it with the block hashes.
func syntheticIndex(t *testing.T, n int) (*BlockFilterIndex, []chainhash.Hash) {
	t.Helper()
	db := memdb.New()
	_ = db.Put(keyVersion, binary.LittleEndian.AppendUint32(nil, schemaVersion))
	hashes := make([]chainhash.Hash, n)
	var prev chainhash.Hash
	for i := range n {
		hashes[i] = chainhash.DoubleSHA256(binary.LittleEndian.AppendUint32(nil, uint32(i)))
		filter := []byte{byte(i)}
		fh := chainhash.DoubleSHA256(filter)
		hdr := blockfilter.FilterHeader(fh, prev)
		_ = db.Put(filterKey(hashes[i]), encodeFilterRecord(filterRecord{height: int32(i), filterHash: fh, header: hdr, filter: filter}))
		_ = db.Put(heightKey(int32(i)), encodeHeightEntry(heightEntry{blockHash: hashes[i], filterHash: fh, header: hdr}))
		prev = hdr
	}
	_ = db.Put(keyBest, encodeBest(hashes[n-1], int32(n-1)))
	ix, err := OpenBlockFilterIndex(Config{Store: db})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, hashes
}

func TestCheckpointsAndLimits(t *testing.T) {
	ix, hashes := syntheticIndex(t, 2501)
	if ix.BestHeight() != 2500 {
		t.Fatalf("BestHeight %d", ix.BestHeight())
	}
	cp, err := ix.Checkpoints(hashes[2500])
	if err != nil || len(cp) != 2 {
		t.Fatalf("Checkpoints: %d, %v", len(cp), err)
	}
	for i, h := range []int{1000, 2000} {
		if want := ix.mustHeader(t, hashes[h]); cp[i] != want {
			t.Errorf("checkpoint %d: %s, want %s", h, cp[i], want)
		}
	}
	if cp, err := ix.Checkpoints(hashes[999]); err != nil || len(cp) != 0 {
		t.Errorf("Checkpoints(999): %d, %v", len(cp), err)
	}
	tests := []struct {
		name    string
		filters bool
		start   int
		stop    int
		want    int
		wantErr error
	}{
		{"headers max", false, 1, 2000, 2000, nil},
		{"headers too many", false, 0, 2000, 0, ErrRange},
		{"headers reversed", false, 10, 9, 0, ErrRange},
		{"headers negative", false, -1, 9, 0, ErrRange},
		{"filters max", true, 1000, 1999, 1000, nil},
		{"filters too many", true, 1000, 2000, 0, ErrRange},
		{"filters one", true, 7, 7, 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got int
			var err error
			if tc.filters {
				var fs []FilterEntry
				fs, err = ix.Filters(int32(tc.start), hashes[tc.stop])
				got = len(fs)
				if err == nil && (fs[0].BlockHash != hashes[tc.start] || fs[got-1].BlockHash != hashes[tc.stop]) {
					t.Error("wrong filters")
				}
			} else {
				var prev chainhash.Hash
				var hs []chainhash.Hash
				prev, hs, err = ix.FilterHashes(int32(tc.start), hashes[tc.stop])
				got = len(hs)
				if err == nil && prev != ix.mustHeader(t, hashes[tc.start-1]) {
					t.Error("wrong previous header")
				}
			}
			if !errors.Is(err, tc.wantErr) && !(tc.wantErr == nil && err == nil) {
				t.Fatalf("err %v, want %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("%d entries, want %d", got, tc.want)
			}
		})
	}
}

func TestCorruptRecords(t *testing.T) {
	t.Run("version", func(t *testing.T) {
		db := memdb.New()
		_ = db.Put(keyVersion, []byte{9, 0, 0, 0})
		if _, err := OpenBlockFilterIndex(Config{Store: db}); !errors.Is(err, ErrVersion) {
			t.Errorf("err %v, want ErrVersion", err)
		}
	})
	t.Run("short version", func(t *testing.T) {
		db := memdb.New()
		_ = db.Put(keyVersion, []byte{1})
		if _, err := OpenBlockFilterIndex(Config{Store: db}); !errors.Is(err, ErrCorrupt) {
			t.Errorf("err %v, want ErrCorrupt", err)
		}
	})
	t.Run("best", func(t *testing.T) {
		db := memdb.New()
		_ = db.Put(keyVersion, binary.LittleEndian.AppendUint32(nil, schemaVersion))
		_ = db.Put(keyBest, []byte{1, 2, 3})
		if _, err := OpenBlockFilterIndex(Config{Store: db}); !errors.Is(err, ErrCorrupt) {
			t.Errorf("err %v, want ErrCorrupt", err)
		}
	})
	t.Run("best without entry", func(t *testing.T) {
		db := memdb.New()
		_ = db.Put(keyVersion, binary.LittleEndian.AppendUint32(nil, schemaVersion))
		_ = db.Put(keyBest, encodeBest(chainhash.Hash{1}, 5))
		if _, err := OpenBlockFilterIndex(Config{Store: db}); err == nil {
			t.Error("opened an index whose best block has no entry")
		}
	})
	ix, hashes := syntheticIndex(t, 20)
	db := ix.db
	_ = db.Put(filterKey(hashes[3]), []byte{1, 2})
	_ = db.Put(heightKey(5), []byte{1, 2})
	rec, _ := db.Get(filterKey(hashes[8]))
	rec = append([]byte(nil), rec...)
	rec[len(rec)-1] ^= 1 // filter no longer matches its hash
	_ = db.Put(filterKey(hashes[8]), rec)
	tests := []struct {
		name string
		fn   func() error
	}{
		{"short filter record", func() error { _, err := ix.FilterByHash(hashes[3]); return err }},
		{"filter hash mismatch", func() error { _, err := ix.FilterHeaderByHash(hashes[8]); return err }},
		{"short height entry in range", func() error { _, _, err := ix.FilterHashes(0, hashes[10]); return err }},
		{"short height entry as stop", func() error { _, err := ix.Filters(0, hashes[5]); return err }},
		{"corrupt filter in range", func() error { _, err := ix.Filters(6, hashes[10]); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.fn(); !errors.Is(err, ErrCorrupt) {
				t.Errorf("err %v, want ErrCorrupt", err)
			}
		})
	}
	_ = db.Delete(heightKey(12))
	if _, err := ix.Filters(10, hashes[15]); !errors.Is(err, ErrNotFound) {
		t.Errorf("gap in heights: %v, want ErrNotFound", err)
	}
}

func FuzzDecodeRecords(f *testing.F) {
	f.Add(encodeFilterRecord(filterRecord{height: 7, filterHash: chainhash.DoubleSHA256([]byte{1}), filter: []byte{1}}))
	f.Add(encodeHeightEntry(heightEntry{blockHash: chainhash.Hash{1}}))
	f.Add(encodeBest(chainhash.Hash{2}, 9))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		if r, err := decodeFilterRecord(b); err == nil {
			if string(encodeFilterRecord(r)) != string(b) {
				t.Fatal("filter record round trip")
			}
		}
		if e, err := decodeHeightEntry(b); err == nil {
			if string(encodeHeightEntry(e)) != string(b) {
				t.Fatal("height entry round trip")
			}
		}
		if h, height, err := decodeBest(b); err == nil {
			if string(encodeBest(h, height)) != string(b) {
				t.Fatal("best round trip")
			}
		}
	})
}

// brokenChain has three blocks whose data cannot be read.
type brokenChain struct{}

func (brokenChain) BlockHashByHeight(h int32) (chainhash.Hash, error) {
	if h > 2 {
		return chainhash.Hash{}, errors.New("beyond tip")
	}
	return chainhash.Hash{byte(h + 1)}, nil
}
func (brokenChain) BlockByHash(chainhash.Hash) (*primitives.Block, error) {
	return nil, errors.New("pruned")
}
func (brokenChain) SpentScripts(chainhash.Hash) ([][]byte, error) { return nil, nil }

func TestCatchUpChainError(t *testing.T) {
	errCh := make(chan error, 1)
	ix, err := OpenBlockFilterIndex(Config{Chain: brokenChain{}, Store: memdb.New(),
		Progress: func(_ int32, synced bool, err error) {
			if !synced {
				errCh <- err
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.Start()
	select {
	case err := <-errCh:
		if !errors.Is(err, ErrChain) {
			t.Fatalf("progress err %v, want ErrChain", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no progress report")
	}
	if ix.Synced() || ix.BestHeight() != -1 {
		t.Fatalf("synced %v at %d", ix.Synced(), ix.BestHeight())
	}
}
