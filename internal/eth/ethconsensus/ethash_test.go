package ethconsensus

import (
	"context"
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TestSizes checks the growth formula against the sizes every Ethash
// implementation tabulates.
func TestSizes(t *testing.T) {
	tests := []struct {
		epoch          uint64
		cache, dataset uint64
	}{
		{0, 16776896, 1073739904},
		{1, 16907456, 1082130304},
		{2, 17039296, 1090514816},
		{3, 17170112, 1098906752},
		{1093, 160038464, 10242489472},
		{1956, 273153856, 17481857408},
		{2047, 285081536, 18245220736},
	}
	for _, tc := range tests {
		if got := CacheSize(tc.epoch); got != tc.cache {
			t.Errorf("CacheSize(%d) = %d, want %d", tc.epoch, got, tc.cache)
		}
		if got := DatasetSize(tc.epoch); got != tc.dataset {
			t.Errorf("DatasetSize(%d) = %d, want %d", tc.epoch, got, tc.dataset)
		}
	}
}

func TestSeedHash(t *testing.T) {
	if got := SeedHash(0); got != (ethtypes.Hash{}) {
		t.Errorf("epoch 0 seed %x", got)
	}
	// keccak256 of 32 zero bytes
	want := ethtypes.Keccak256Hash(make([]byte, 32))
	if got := SeedHash(1); got != want {
		t.Errorf("epoch 1 seed %x, want %x", got, want)
	}
	if got := SeedHash(2); got != ethtypes.Keccak256Hash(want[:]) {
		t.Errorf("epoch 2 seed %x", got)
	}
}

// TestLightMatchesFull compares light hashimoto (items computed from the
// cache) with full hashimoto (items read from the dataset) on small sizes,
// and the dataset built on one and on several goroutines.
func TestLightMatchesFull(t *testing.T) {
	sizes := []struct{ cache, dataset uint64 }{
		{64, 128},
		{64 * 67, 128 * 1031},
		{1024, 64 * 1024},
	}
	for _, sz := range sizes {
		cache := MakeCache(sz.cache, SeedHash(3))
		full := MakeDataset(sz.dataset, cache, 1)
		par := MakeDataset(sz.dataset, cache, 3)
		for i := range full {
			if full[i] != par[i] {
				t.Fatalf("sizes %v: parallel dataset differs at word %d", sz, i)
			}
		}
		seal := ethtypes.Keccak256Hash([]byte{byte(sz.cache)})
		for nonce := range uint64(40) {
			n := nonce * 0x9e3779b97f4a7c15
			ld, lr := HashimotoLight(sz.dataset, cache, seal, n)
			fd, fr := HashimotoFull(full, seal, n)
			if ld != fd || lr != fr {
				t.Fatalf("sizes %v nonce %d: light %x/%x, full %x/%x", sz, n, ld, lr, fd, fr)
			}
		}
	}
}

func TestTarget(t *testing.T) {
	max := new(uint256.Int).SetAllOne()
	pow := func(n uint) *uint256.Int { return new(uint256.Int).Lsh(uint256.NewInt(1), n) }
	third := new(uint256.Int).Div(max, uint256.NewInt(3))
	tests := []struct {
		name string
		d    *uint256.Int
		want *uint256.Int
	}{
		{"zero", uint256.NewInt(0), uint256.NewInt(0)},
		{"one", uint256.NewInt(1), max},
		{"two", uint256.NewInt(2), pow(255)},
		{"three", uint256.NewInt(3), third},
		{"2^200", pow(200), pow(56)},
		{"max", max, uint256.NewInt(1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Target(tc.d); !got.Eq(tc.want) {
				t.Errorf("Target(%s) = %s, want %s", tc.d.Hex(), got.Hex(), tc.want.Hex())
			}
		})
	}
	// Boundary: a result equal to the target meets it, one above does not.
	d := pow(200)
	at := ethtypes.Hash(pow(56).Bytes32())
	above := ethtypes.Hash(new(uint256.Int).AddUint64(pow(56), 1).Bytes32())
	if !MeetsTarget(at, d) || MeetsTarget(above, d) {
		t.Error("MeetsTarget boundary wrong")
	}
}

func TestNewConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"zero", Config{}, true},
		{"tiny", tinyConfig, true},
		{"cache not items", Config{CacheBytes: 100}, false},
		{"dataset not rows", Config{DatasetBytes: 64}, false},
		{"cache too big", Config{CacheBytes: 1 << 31}, false},
		{"dataset too big", Config{DatasetBytes: 1 << 37}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := New(tc.cfg)
			if tc.ok {
				if err != nil {
					t.Fatal(err)
				}
				c := e.Config()
				if c.EpochLength == 0 || c.Threads == 0 || c.CachesInMem == 0 || c.DatasetsInMem == 0 {
					t.Errorf("defaults not filled: %+v", c)
				}
				return
			}
			if !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("err %v, want ErrInvalidConfig", err)
			}
		})
	}
}

func TestEpoch(t *testing.T) {
	pub, _ := New(Config{})
	if _, err := pub.Epoch(2048 * EpochLength); !errors.Is(err, ErrEpochTooHigh) {
		t.Errorf("public epoch 2048: %v", err)
	}
	if ep, err := pub.Epoch(2048*EpochLength - 1); err != nil || ep != 2047 {
		t.Errorf("public epoch 2047: %d %v", ep, err)
	}
	dev, _ := New(Config{EpochLength: 100, CacheBytes: 64, DatasetBytes: 128})
	if ep, err := dev.Epoch(12345); err != nil || ep != 123 {
		t.Errorf("dev epoch: %d %v", ep, err)
	}
	if _, err := dev.Epoch(^uint64(0)); !errors.Is(err, ErrEpochTooHigh) {
		t.Errorf("dev epoch max: %v", err)
	}
	h := &ethtypes.Header{Number: ^uint64(0)}
	h.Difficulty.SetUint64(1)
	if err := dev.VerifySeal(h); !errors.Is(err, ErrEpochTooHigh) {
		t.Errorf("VerifySeal far epoch: %v", err)
	}
}

// TestSealVerify mines a header on tiny sizes and verifies it, then breaks
// the seal in each way VerifySeal reports.
func TestSealVerify(t *testing.T) {
	e, err := New(tinyConfig)
	if err != nil {
		t.Fatal(err)
	}
	h := &ethtypes.Header{Number: 5, Time: 100, GasLimit: 8_000_000, UncleHash: ethtypes.EmptyUncleHash}
	h.Difficulty.SetUint64(5000)
	b := ethtypes.NewBlock(h, nil, nil, nil)
	sealed, err := e.Seal(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.VerifySeal(sealed.Header); err != nil {
		t.Fatalf("sealed header: %v", err)
	}
	if e.SealHash(sealed.Header) != SealHash(h) {
		t.Error("seal hash changed by sealing")
	}
	if e.Hashes() == 0 {
		t.Error("no hashes counted")
	}

	bad := *sealed.Header
	binary.BigEndian.PutUint64(bad.Nonce[:], binary.BigEndian.Uint64(bad.Nonce[:])+1)
	if err := e.VerifySeal(&bad); !errors.Is(err, ErrInvalidMixDigest) {
		t.Errorf("wrong nonce: %v", err)
	}
	bad = *sealed.Header
	bad.Difficulty.SetUint64(0)
	if err := e.VerifySeal(&bad); !errors.Is(err, ErrNonPositiveDifficulty) {
		t.Errorf("zero difficulty: %v", err)
	}
	// A right mix digest with a result far above the target.
	bad = *sealed.Header
	bad.Difficulty.Lsh(uint256.NewInt(1), 200)
	digest, _, err := e.HashimotoLight(&bad)
	if err != nil {
		t.Fatal(err)
	}
	bad.MixDigest = digest
	if err := e.VerifySeal(&bad); !errors.Is(err, ErrInvalidPoW) {
		t.Errorf("hard difficulty: %v", err)
	}
}

func TestSealErrors(t *testing.T) {
	e, _ := New(tinyConfig)
	h := &ethtypes.Header{Number: 1}
	h.Difficulty.Lsh(uint256.NewInt(1), 250)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := e.Seal(ctx, ethtypes.NewBlock(h, nil, nil, nil)); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled seal: %v", err)
	}
	h.Difficulty.Clear()
	if _, err := e.Seal(context.Background(), ethtypes.NewBlock(h, nil, nil, nil)); !errors.Is(err, ErrNonPositiveDifficulty) {
		t.Errorf("zero difficulty: %v", err)
	}
	done, stop := context.WithCancel(context.Background())
	stop()
	h.Difficulty.SetUint64(1)
	if _, err := e.Seal(done, ethtypes.NewBlock(h, nil, nil, nil)); !errors.Is(err, context.Canceled) {
		t.Errorf("done context: %v", err)
	}
}

func TestEpochLRU(t *testing.T) {
	l := newEpochLRU(2)
	builds := 0
	build := func(epoch uint64) []uint32 { builds++; return []uint32{uint32(epoch)} }
	for _, ep := range []uint64{0, 1, 0, 2, 0, 1} {
		if v := l.get(ep, build); v[0] != uint32(ep) {
			t.Fatalf("epoch %d value %v", ep, v)
		}
		if l.len() > 2 {
			t.Fatalf("LRU holds %d", l.len())
		}
	}
	// 0, 1 built; 0 hit; 2 built evicting 1; 0 hit; 1 built evicting 2.
	if builds != 4 {
		t.Errorf("builds %d, want 4", builds)
	}
}
