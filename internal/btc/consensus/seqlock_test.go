package consensus

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

func TestSequenceLocks(t *testing.T) {
	// The median time past of the block at height h is 1000 + 100h.
	mtp := func(h int32) int64 { return 1000 + 100*int64(h) }
	tx := func(version int32, seqs ...uint32) *primitives.Tx {
		t := &primitives.Tx{Version: version}
		for _, s := range seqs {
			t.Inputs = append(t.Inputs, primitives.TxIn{Sequence: s})
		}
		return t
	}
	const timeFlag = SequenceLockTimeTypeFlag
	tests := []struct {
		name        string
		tx          *primitives.Tx
		enforce     bool
		heights     []int32
		want        SequenceLock
		blockHeight int32
		prevMTP     int64
		ok          bool
	}{
		{"not enforced", tx(2, 10), false, []int32{5}, SequenceLock{-1, -1}, 6, 0, true},
		{"version 1", tx(1, 10), true, []int32{5}, SequenceLock{-1, -1}, 6, 0, true},
		{"disabled", tx(2, SequenceLockTimeDisableFlag|10), true, []int32{5}, SequenceLock{-1, -1}, 6, 0, true},
		{"final sequence is disabled", tx(2, primitives.SequenceFinal), true, []int32{5}, SequenceLock{-1, -1}, 6, 0, true},
		{"10 blocks from height 5", tx(2, 10), true, []int32{5}, SequenceLock{14, -1}, 15, 0, true},
		{"10 blocks from height 5, one early", tx(2, 10), true, []int32{5}, SequenceLock{14, -1}, 14, 0, false},
		{"zero blocks", tx(2, 0), true, []int32{5}, SequenceLock{4, -1}, 5, 0, true},
		{"strongest of two", tx(2, 10, 3), true, []int32{5, 20}, SequenceLock{22, -1}, 23, 0, true},
		{"upper bits ignored", tx(2, 0x7fbf0000|10), true, []int32{5}, SequenceLock{14, -1}, 15, 0, true},
		// 2 units of 512 s from MTP(4) = 1400: last invalid time 1400+1024-1.
		{"time lock", tx(2, timeFlag|2), true, []int32{5}, SequenceLock{-1, 2423}, 6, 2424, true},
		{"time lock at the boundary", tx(2, timeFlag|2), true, []int32{5}, SequenceLock{-1, 2423}, 6, 2423, false},
		{"time lock of a coin at height 0", tx(2, timeFlag|1), true, []int32{0}, SequenceLock{-1, 1000 + 512 - 1}, 1, 1512, true},
		{"mixed", tx(2, timeFlag|1, 3), true, []int32{10, 10}, SequenceLock{12, 1900 + 511}, 13, 2412, true},
		{"mixed, time not reached", tx(2, timeFlag|1, 3), true, []int32{10, 10}, SequenceLock{12, 1900 + 511}, 13, 2411, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := CalculateSequenceLocks(tc.tx, tc.enforce, tc.heights, mtp)
			if got != tc.want {
				t.Fatalf("lock %+v, want %+v", got, tc.want)
			}
			if ok := EvaluateSequenceLocks(got, tc.blockHeight, tc.prevMTP); ok != tc.ok {
				t.Fatalf("evaluate %v, want %v", ok, tc.ok)
			}
		})
	}
}

// TestCheckSequenceLocks reads median times from a header chain.
func TestCheckSequenceLocks(t *testing.T) {
	c := newTestChain(30, 0x207fffff, 1_000_000, 600) // heights 0..29
	tx := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{Sequence: SequenceLockTimeTypeFlag | 2}}}
	// Coin at height 20: measured from MTP(19); the new block is height 30
	// with prevMTP = MTP(29). MTP(h) = time(h-5) for h >= 10.
	mtp19, mtp29 := MedianTimePast(c.nodes[19]), MedianTimePast(c.nodes[29])
	if mtp29-mtp19 != 6000 {
		t.Fatalf("unexpected chain: %d", mtp29-mtp19)
	}
	wantRule(t, CheckSequenceLocks(tx, true, []int32{20}, c.tip()), "")
	tx.Inputs[0].Sequence = SequenceLockTimeTypeFlag | 12 // 6144 s > 6000
	wantRule(t, CheckSequenceLocks(tx, true, []int32{20}, c.tip()), ErrBadTxnsNonFinal)
	wantRule(t, CheckSequenceLocks(tx, false, []int32{20}, c.tip()), "")
	tx.Inputs[0].Sequence = 10 // height lock: coin at 20 + 10 - 1 = 29 < 30
	wantRule(t, CheckSequenceLocks(tx, true, []int32{20}, c.tip()), "")
	tx.Inputs[0].Sequence = 11
	wantRule(t, CheckSequenceLocks(tx, true, []int32{20}, c.tip()), ErrBadTxnsNonFinal)
}
