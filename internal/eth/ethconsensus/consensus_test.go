package ethconsensus

import (
	"context"
	"errors"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TestEthashVerifyHeader mines a child of a genesis header on tiny sizes
// (Prepare, Seal) and checks VerifyHeader accepts it and rejects a wrong
// difficulty and a broken seal.
func TestEthashVerifyHeader(t *testing.T) {
	if testing.Short() {
		t.Skip("mines a block of difficulty 131072")
	}
	e, err := New(tinyConfig)
	if err != nil {
		t.Fatal(err)
	}
	chain := newTestChain(forkConfig(t, "Homestead"))
	g := &ethtypes.Header{UncleHash: ethtypes.EmptyUncleHash, GasLimit: 5000, Time: 1000}
	g.Difficulty.SetUint64(MinimumDifficulty)
	chain.add(ethtypes.NewBlock(g, nil, nil, nil))
	h := &ethtypes.Header{ParentHash: g.Hash(), UncleHash: ethtypes.EmptyUncleHash, Number: 1, GasLimit: 5000, Time: 1020}
	if err := e.Prepare(chain, h); err != nil {
		t.Fatal(err)
	}
	if !h.Difficulty.Eq(uint256.NewInt(MinimumDifficulty)) { // slow block: floor
		t.Fatalf("prepared difficulty %s", h.Difficulty.Dec())
	}
	b, err := e.Seal(context.Background(), ethtypes.NewBlock(h, nil, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.VerifyHeader(chain, b.Header); err != nil {
		t.Fatalf("sealed header: %v", err)
	}
	if errs := e.VerifyHeaders(context.Background(), chain, []*ethtypes.Header{b.Header}); errs[0] != nil {
		t.Fatalf("VerifyHeaders: %v", errs[0])
	}
	bad := *b.Header
	bad.Difficulty.AddUint64(&bad.Difficulty, 1)
	if err := e.VerifyHeader(chain, &bad); !errors.Is(err, ErrInvalidDifficulty) {
		t.Errorf("difficulty: %v", err)
	}
	bad = *b.Header
	bad.Extra = []byte{1}
	if err := e.VerifyHeader(chain, &bad); !errors.Is(err, ErrInvalidMixDigest) && !errors.Is(err, ErrInvalidPoW) {
		t.Errorf("changed seal hash: %v", err)
	}
	hookErr := errors.New("hook")
	cfg := tinyConfig
	cfg.HeaderCheck = func(h, parent *ethtypes.Header) error { return hookErr }
	e2, _ := New(cfg)
	if err := e2.VerifyHeader(chain, b.Header); !errors.Is(err, hookErr) {
		t.Errorf("hook: %v", err)
	}
	if err := e.Prepare(chain, &ethtypes.Header{Number: 1, ParentHash: ethtypes.Hash{1}}); !errors.Is(err, ErrUnknownAncestor) {
		t.Errorf("prepare without parent: %v", err)
	}
}

func TestCalcDifficulty(t *testing.T) {
	frontier := &ethparams.ChainConfig{ChainID: 1}
	homestead := forkConfig(t, "Homestead")
	byz := forkConfig(t, "Byzantium")
	gray := forkConfig(t, "GrayGlacier")
	parent := func(num, time, diff uint64, uncles bool) *ethtypes.Header {
		h := &ethtypes.Header{Number: num, Time: time, UncleHash: ethtypes.EmptyUncleHash}
		h.Difficulty.SetUint64(diff)
		if uncles {
			h.UncleHash = ethtypes.Hash{1}
		}
		return h
	}
	const d = 1 << 30 // step d/2048 = 524288
	tests := []struct {
		name    string
		cfg     *ethparams.ChainConfig
		bombOff bool
		parent  *ethtypes.Header
		time    uint64
		want    uint64
	}{
		{"frontier fast", frontier, false, parent(10, 100, d, false), 112, d + d/2048},
		{"frontier slow", frontier, false, parent(10, 100, d, false), 113, d - d/2048},
		{"frontier floor", frontier, false, parent(10, 100, MinimumDifficulty, false), 200, MinimumDifficulty},
		{"frontier bomb", frontier, false, parent(299_999, 100, d, false), 113, d - d/2048 + 2},
		{"homestead 0-9s", homestead, false, parent(10, 100, d, false), 109, d + d/2048},
		{"homestead 10-19s", homestead, false, parent(10, 100, d, false), 119, d},
		{"homestead -99 cap", homestead, false, parent(10, 100, d, false), 100000, d - 99*(d/2048)},
		{"byzantium uncles", byz, false, parent(10, 100, d, true), 108, d + 2*(d/2048)},
		{"byzantium no uncles", byz, false, parent(10, 100, d, false), 108, d + d/2048},
		{"byzantium delayed bomb", byz, false, parent(3_199_999, 100, d, false), 118, d - d/2048 + 1},
		{"gray glacier bomb", gray, false, parent(11_599_999, 100, d, false), 118, d - d/2048 + 1},
		{"gray glacier before bomb", gray, false, parent(11_499_999, 100, d, false), 118, d - d/2048},
		{"bomb off", homestead, true, parent(5_000_000, 100, d, false), 119, d},
		{"bomb on", homestead, false, parent(5_000_000, 100, d, false), 119, d + 1<<48},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := CalcDifficulty(tc.cfg, tc.bombOff, tc.time, tc.parent)
			if !got.Eq(uint256.NewInt(tc.want)) {
				t.Errorf("got %s, want %d", got.Dec(), tc.want)
			}
		})
	}
	// Hostile values saturate instead of wrapping or panicking.
	p := &ethtypes.Header{Number: ^uint64(0) - 1, UncleHash: ethtypes.Hash{1}}
	p.Difficulty.SetAllOne()
	if got := CalcDifficulty(byz, false, 0, p); !got.Eq(maxUint256) {
		t.Errorf("saturation: %s", got.Hex())
	}
	p.Time = 1000
	if got := CalcDifficulty(frontier, false, 0, p); !got.Eq(maxUint256) {
		t.Errorf("frontier saturation: %s", got.Hex())
	}
	// The engine method uses the chain's configuration and BombOff.
	e, _ := New(Config{BombOff: true})
	if got := e.CalcDifficulty(newTestChain(homestead), 119, parent(5_000_000, 100, d, false)); !got.Eq(uint256.NewInt(d)) {
		t.Errorf("engine bomb off: %s", got.Dec())
	}
}

func TestRewards(t *testing.T) {
	// ether returns micro ether in wei.
	ether := func(micro uint64) *uint256.Int {
		v := uint256.NewInt(micro)
		return v.Mul(v, uint256.NewInt(1e12))
	}
	miner, u1, u2 := ethtypes.Address{1}, ethtypes.Address{2}, ethtypes.Address{3}
	h := &ethtypes.Header{Number: 100, Coinbase: miner}
	uncles := []*ethtypes.Header{{Number: 99, Coinbase: u1}, {Number: 94, Coinbase: u2}}
	tests := []struct {
		name                    string
		cfg                     *ethparams.ChainConfig
		reward                  *uint256.Int
		uncles                  []*ethtypes.Header
		wantMiner, want1, want2 *uint256.Int
	}{
		{"frontier no uncles", &ethparams.ChainConfig{}, nil, nil, ether(5000000), nil, nil},
		// 5 + 2*5/32 = 5.3125; 7/8*5 = 4.375; 2/8*5 = 1.25
		{"frontier two uncles", &ethparams.ChainConfig{}, nil, uncles, ether(5312500), ether(4375000), ether(1250000)},
		// 3 + 2*3/32 = 3.1875; 7/8*3 = 2.625; 2/8*3 = 0.75
		{"byzantium", forkConfig(t, "Byzantium"), nil, uncles, ether(3187500), ether(2625000), ether(750000)},
		// 2 + 2/32 = 2.0625; 7/8*2 = 1.75
		{"constantinople one uncle", forkConfig(t, "Constantinople"), nil, uncles[:1], ether(2062500), ether(1750000), nil},
		// configured 64 wei: 64 + 2*2 = 68; 56; 16
		{"configured", forkConfig(t, "GrayGlacier"), uint256.NewInt(64), uncles, uint256.NewInt(68), uint256.NewInt(56), uint256.NewInt(16)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := New(Config{BlockReward: tc.reward})
			st := memState{}
			e.Finalize(newTestChain(tc.cfg), h, st, tc.uncles)
			check := func(who ethtypes.Address, want *uint256.Int) {
				got, ok := st[who]
				if want == nil {
					if ok {
						t.Errorf("%x credited %s", who, got.Dec())
					}
					return
				}
				if !ok || !got.Eq(want) {
					t.Errorf("%x: got %v, want %s", who, got, want.Dec())
				}
			}
			check(miner, tc.wantMiner)
			check(u1, tc.want1)
			check(u2, tc.want2)
		})
	}
}

func TestBlockReward(t *testing.T) {
	cfg := &ethparams.ChainConfig{ByzantiumBlock: u64(10), ConstantinopleBlock: u64(20)}
	for _, tc := range []struct {
		num  uint64
		want uint64
	}{{9, FrontierBlockReward}, {10, ByzantiumBlockReward}, {19, ByzantiumBlockReward}, {20, ConstantinopleBlockReward}} {
		if got := BlockReward(cfg, tc.num); !got.Eq(uint256.NewInt(tc.want)) {
			t.Errorf("block %d: %s", tc.num, got.Dec())
		}
	}
}

func TestDevEngine(t *testing.T) {
	d := NewDev(DevConfig{})
	chain, blocks := buildDevChain(1)
	h := &ethtypes.Header{ParentHash: blocks[1].Hash(), Number: 2, Time: blocks[1].Header.Time + 1, UncleHash: ethtypes.EmptyUncleHash}
	if err := d.Prepare(chain, h); err != nil {
		t.Fatal(err)
	}
	if !h.Difficulty.Eq(d.CalcDifficulty(chain, h.Time, blocks[1].Header)) || h.Difficulty.Uint64() != DevDifficulty {
		t.Fatalf("difficulty %s", h.Difficulty.Dec())
	}
	b := ethtypes.NewBlock(h, nil, nil, nil)
	sealed, err := d.Seal(context.Background(), b)
	if err != nil || sealed != b {
		t.Fatalf("seal: %v", err)
	}
	if err := d.VerifyHeader(chain, sealed.Header); err != nil {
		t.Fatal(err)
	}
	if d.SealHash(h) != SealHash(h) {
		t.Error("seal hash")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.Seal(ctx, b); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	st := memState{}
	d.Finalize(chain, h, st, nil)
	if len(st) != 0 {
		t.Error("dev engine without reward credited")
	}
	d2 := NewDev(DevConfig{BlockReward: uint256.NewInt(7)})
	d2.Finalize(chain, h, st, nil)
	if st[h.Coinbase].Uint64() != 7 {
		t.Error("dev reward")
	}
}

// TestSealHash checks that the seal hash leaves out the mix digest and
// nonce and covers every other field, including the optional ones.
func TestSealHash(t *testing.T) {
	base := &ethtypes.Header{Number: 7, Extra: []byte("x")}
	s := SealHash(base)
	h := *base
	h.MixDigest = ethtypes.Hash{1}
	h.Nonce = [8]byte{1}
	if SealHash(&h) != s {
		t.Error("seal hash depends on mix digest or nonce")
	}
	fee := uint256.NewInt(7)
	wr := ethtypes.Hash{2}
	blob, excess := uint64(1), uint64(2)
	root := ethtypes.Hash{3}
	steps := []func(h *ethtypes.Header){
		func(h *ethtypes.Header) { h.Time++ },
		func(h *ethtypes.Header) { h.BaseFee = fee },
		func(h *ethtypes.Header) { h.WithdrawalsHash = &wr },
		func(h *ethtypes.Header) { h.BlobGasUsed, h.ExcessBlobGas = &blob, &excess },
		func(h *ethtypes.Header) { h.ParentBeaconRoot = &root },
	}
	seen := map[ethtypes.Hash]bool{s: true}
	h = *base
	for i, step := range steps {
		step(&h)
		got := SealHash(&h)
		if seen[got] {
			t.Errorf("step %d did not change the seal hash", i)
		}
		seen[got] = true
	}
}
