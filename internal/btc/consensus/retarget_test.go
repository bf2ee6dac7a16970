package consensus

import (
	"slices"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// coreRetargetVectors are the four mainnet retargets of Bitcoin Core's
// src/test/pow_tests.cpp (get_next_work, get_next_work_pow_limit,
// get_next_work_lower_limit_actual, get_next_work_upper_limit_actual): the
// timestamp of the period's first block, the last block's height, timestamp
// and bits, and the bits Core computes. The first is the real boundary at
// height 32256, the first mainnet difficulty increase: blocks 30240
// (1261130161) to 32255 (1262152739) at bits 1d00ffff retarget to 1d00d86a.
var coreRetargetVectors = []struct {
	name               string
	firstTime          int64
	lastHeight         int32
	lastTime           int64
	lastBits, wantBits uint32
	invalidBits        uint32 // a neighbouring value outside the permitted range (0: none)
}{
	{"32256", 1261130161, 32255, 1262152739, 0x1d00ffff, 0x1d00d86a, 0},
	{"pow limit", 1231006505, 2015, 1233061996, 0x1d00ffff, 0x1d00ffff, 0},
	{"lower limit actual", 1279008237, 68543, 1279297671, 0x1c05a3f4, 0x1c0168fd, 0x1c0168fd - 1},
	{"upper limit actual", 1263163443, 46367, 1269211443, 0x1c387f6f, 0x1d00e1fd, 0x1d00e1fd + 1},
}

func TestRetargetCoreVectors(t *testing.T) {
	p := chaincfg.MainNet()
	for _, tc := range coreRetargetVectors {
		t.Run(tc.name, func(t *testing.T) {
			if got := RetargetBits(p, tc.lastBits, tc.firstTime, tc.lastTime); got != tc.wantBits {
				t.Fatalf("RetargetBits %08x, want %08x", got, tc.wantBits)
			}
			// Through GetNextWorkRequired over a chain whose period's first
			// block (height last-2015, Core's off-by-one) has firstTime.
			c := &testChain{}
			first := tc.lastHeight - 2015
			for h := int32(0); h <= tc.lastHeight; h++ {
				ts := tc.firstTime + int64(h-first)*600
				switch {
				case h == first:
					ts = tc.firstTime
				case h == tc.lastHeight:
					ts = tc.lastTime
				case h == first-1:
					ts = tc.firstTime - 100000 // the block before must not matter
				}
				c.add(tc.lastBits, ts)
			}
			if got := GetNextWorkRequired(p, c.tip(), tc.lastTime+600); got != tc.wantBits {
				t.Fatalf("GetNextWorkRequired %08x, want %08x", got, tc.wantBits)
			}
			if got := CalculateNextWorkRequired(p, c.tip(), tc.firstTime); got != tc.wantBits {
				t.Fatalf("CalculateNextWorkRequired %08x", got)
			}
			if !PermittedDifficultyTransition(p, int64(tc.lastHeight)+1, tc.lastBits, tc.wantBits) {
				t.Fatal("computed transition not permitted")
			}
			if tc.invalidBits != 0 && PermittedDifficultyTransition(p, int64(tc.lastHeight)+1, tc.lastBits, tc.invalidBits) {
				t.Fatalf("transition to %08x permitted", tc.invalidBits)
			}
		})
	}
}

// TestRetargetOffByOne shows the period's timespan is measured from height
// last-2015, not last-2016.
func TestRetargetOffByOne(t *testing.T) {
	p := chaincfg.MainNet()
	c := newTestChain(2016, 0x1d00ffff, 1_300_000_000, 300) // twice as fast
	want := RetargetBits(p, 0x1d00ffff, c.nodes[0].time, c.tip().time)
	if got := GetNextWorkRequired(p, c.tip(), c.tip().time+1); got != want {
		t.Fatalf("got %08x, want %08x", got, want)
	}
	// 2015 intervals of 300 s: the target scales by 2015*300/1209600.
	if want != 0x1c7fef3f {
		t.Fatalf("unexpected retarget %08x", want)
	}
	// Moving block 0 changes the result; it is the first of the period.
	c.nodes[0].time -= 3000
	if GetNextWorkRequired(p, c.tip(), c.tip().time+1) == want {
		t.Fatal("the period's first block is not height last-2015")
	}
}

func TestGetNextWorkRequiredNoChange(t *testing.T) {
	tests := []struct {
		name   string
		params func() *chaincfg.Params
		height int
		bits   uint32
		delay  int64
		want   uint32
	}{
		{"mainnet mid-period", chaincfg.MainNet, 100, 0x1c05a3f4, 1e6, 0x1c05a3f4},
		{"signet mid-period", chaincfg.SigNet, 100, 0x1e0377ae, 1e6, 0x1e0377ae},
		{"regtest boundary keeps bits", chaincfg.RegTest, 144, 0x207fffff, 1e6, 0x207fffff},
		{"regtest mid-period", chaincfg.RegTest, 100, 0x207fffff, 600, 0x207fffff},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.params()
			c := newTestChain(tc.height, tc.bits, 1_600_000_000, 600)
			if got := GetNextWorkRequired(p, c.tip(), c.tip().time+tc.delay); got != tc.want {
				t.Fatalf("got %08x, want %08x", got, tc.want)
			}
		})
	}
}

// TestTestnetMinDifficulty covers testnet3's 20-minute rule and the walk back
// to the last block not mined under it.
func TestTestnetMinDifficulty(t *testing.T) {
	const real = 0x1c0fffff
	limit := uint32(0x1d00ffff)
	tests := []struct {
		name  string
		bits  []uint32 // bits of heights 2016.. (height 2016 starts a period)
		delay int64    // seconds after the last block
		want  uint32
	}{
		{"on time keeps real bits", []uint32{real, real, real}, 600, real},
		{"exactly 20 minutes is not late", []uint32{real, real}, 1200, real},
		{"20 minutes and 1 s allows the limit", []uint32{real, real}, 1201, limit},
		{"walk back over min-difficulty blocks", []uint32{real, real, limit, limit, limit}, 600, real},
		{"walk back stops at the period's first block", []uint32{limit, limit, limit}, 600, limit},
		{"late after min-difficulty blocks", []uint32{real, limit}, 5000, limit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := chaincfg.TestNet3()
			c := newTestChain(2016, 0x1c1fffff, 1_400_000_000, 600)
			for _, b := range tc.bits {
				c.add(b, c.tip().time+600)
			}
			if got := GetNextWorkRequired(p, c.tip(), c.tip().time+tc.delay); got != tc.want {
				t.Fatalf("got %08x, want %08x", got, tc.want)
			}
		})
	}
}

// TestRetargetAfterMinDifficulty contrasts testnet3, which retargets from
// the last block's bits (a min-difficulty block resets the difficulty), with
// testnet4 (BIP94), which uses the period's first block.
func TestRetargetAfterMinDifficulty(t *testing.T) {
	const real = 0x1c0fffff
	build := func() *testChain {
		c := newTestChain(2016, real, 1_700_000_000, 600) // heights 0..2015
		c.nodes[2015].bits = 0x1d00ffff                   // last block mined at the limit
		return c
	}
	c := build()
	t3 := chaincfg.TestNet3()
	t4 := chaincfg.TestNet4()
	if got, want := GetNextWorkRequired(t3, c.tip(), c.tip().time+600), RetargetBits(t3, 0x1d00ffff, c.nodes[0].time, c.tip().time); got != want {
		t.Fatalf("testnet3: %08x, want %08x", got, want)
	}
	if got, want := GetNextWorkRequired(t4, c.tip(), c.tip().time+600), RetargetBits(t4, real, c.nodes[0].time, c.tip().time); got != want || got == 0x1d00ffff {
		t.Fatalf("testnet4: %08x, want %08x", got, want)
	}
	// regtest with BIP94 (-test=bip94) still does not retarget.
	r := chaincfg.RegTest()
	r.EnforceBIP94 = true
	rc := newTestChain(144, 0x207fffff, 1_700_000_000, 600)
	if got := GetNextWorkRequired(r, rc.tip(), rc.tip().time+600); got != 0x207fffff {
		t.Fatalf("regtest bip94 %08x", got)
	}
}

func TestRetargetClamps(t *testing.T) {
	p := chaincfg.MainNet()
	tests := []struct {
		name     string
		timespan int64
		same     int64 // a timespan that must give the same result
	}{
		{"too fast clamps to 1/4", 1, 1209600 / 4},
		{"negative clamps to 1/4", -5000, 1209600 / 4},
		{"too slow clamps to 4x", 1209600 * 10, 1209600 * 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if RetargetBits(p, 0x1b0404cb, 0, tc.timespan) != RetargetBits(p, 0x1b0404cb, 0, tc.same) {
				t.Fatal("not clamped")
			}
		})
	}
	// Easier than the limit is capped at the limit.
	if got := RetargetBits(p, 0x1d00ffff, 0, 1209600*4); got != p.PowLimitBits {
		t.Fatalf("cap: %08x", got)
	}
}

func TestPermittedDifficultyTransition(t *testing.T) {
	main := chaincfg.MainNet()
	tests := []struct {
		name     string
		p        *chaincfg.Params
		height   int64
		old, new uint32
		want     bool
	}{
		{"mid-period same", main, 100, 0x1c05a3f4, 0x1c05a3f4, true},
		{"mid-period change", main, 100, 0x1c05a3f4, 0x1c05a3f5, false},
		{"boundary within range", main, 2016 * 20, 0x1c05a3f4, 0x1c05a3f4, true},
		{"boundary 4x easier", main, 2016 * 20, 0x1c05a3f4, RetargetBits(main, 0x1c05a3f4, 0, 1209600*4), true},
		{"boundary more than 4x easier", main, 2016 * 20, 0x1c05a3f4, 0x1c17ffff, false},
		{"boundary 4x harder", main, 2016 * 20, 0x1c05a3f4, RetargetBits(main, 0x1c05a3f4, 0, 1209600/4), true},
		{"boundary more than 4x harder", main, 2016 * 20, 0x1c05a3f4, 0x1c0168fc, false},
		{"boundary capped at limit", main, 2016, 0x1d00ffff, 0x1d00ffff, true},
		{"boundary above limit", main, 2016, 0x1d00ffff, 0x1d01ffff, false},
		{"testnet anything", chaincfg.TestNet3(), 100, 0x1c05a3f4, 0x1d00ffff, true},
		{"testnet4 anything", chaincfg.TestNet4(), 2016, 0x1c05a3f4, 0x1a00ffff, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := PermittedDifficultyTransition(tc.p, tc.height, tc.old, tc.new); got != tc.want {
				t.Fatalf("got %v", got)
			}
		})
	}
}

func TestMedianTimePast(t *testing.T) {
	tests := []struct {
		name  string
		times []int64
		want  int64
	}{
		{"genesis only", []int64{100}, 100},
		{"two blocks", []int64{100, 50}, 100},
		{"three unsorted", []int64{100, 300, 200}, 200},
		{"eleven", []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6},
		{"only the last eleven count", []int64{1000, 1000, 1000, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6},
		{"unsorted eleven", []int64{11, 1, 10, 2, 9, 3, 8, 4, 7, 5, 6}, 6},
		{"even count takes the upper middle", []int64{1, 2, 3, 4}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &testChain{}
			for _, ts := range tc.times {
				c.add(0x207fffff, ts)
			}
			if got := MedianTimePast(c.tip()); got != tc.want {
				t.Fatalf("got %d, want %d", got, tc.want)
			}
		})
	}
}

// TestRealHeadersMainNet replays real mainnet headers 1-438: each has the
// required bits and passes the contextual header checks, and the median time
// past matches a direct computation.
func TestRealHeadersMainNet(t *testing.T) {
	blocks := bitcoinjBlocks(t)
	p := chaincfg.MainNet()
	c := chainOf(blocks)
	for h := 1; h < len(blocks); h++ {
		prev := c.nodes[h-1]
		hdr := &blocks[h].Header
		if hdr.PrevBlock != blocks[h-1].BlockHash() {
			t.Fatalf("height %d: not a chain", h)
		}
		if got := GetNextWorkRequired(p, prev, int64(hdr.Timestamp)); got != hdr.Bits {
			t.Fatalf("height %d: required %08x, header %08x", h, got, hdr.Bits)
		}
		wantRule(t, ContextualCheckBlockHeader(hdr, prev, p, 1_800_000_000), "")
		var ts []int64
		for i := h - 1; i >= 0 && i >= h-11; i-- {
			ts = append(ts, c.nodes[i].time)
		}
		slices.Sort(ts)
		if got := MedianTimePast(prev); got != ts[len(ts)/2] {
			t.Fatalf("height %d: MTP %d, want %d", h, got, ts[len(ts)/2])
		}
	}
}
