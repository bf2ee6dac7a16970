package utxoset

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrMissingCoin, ErrOverwriteUnspent, ErrFreshMisapplied, ErrBadBlock, ErrCorrupt,
		ErrLegacyFormat, ErrNoRandom, ErrNoBestBlock, ErrInconsistentHeads, ErrUndoMismatch, ErrReplay, ErrMuHashSize}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			err := makeError(k, "description of %s", k)
			if !errors.Is(err, k) {
				t.Fatal("errors.Is fails")
			}
			var e Error
			if !errors.As(err, &e) || e.Err != k {
				t.Fatal("errors.As fails")
			}
			if err.Error() != "description of "+string(k) || k.Error() != string(k) {
				t.Fatalf("messages: %q %q", err.Error(), k.Error())
			}
			if !errors.Is(k, k) {
				t.Fatal("a bare kind is not itself")
			}
		})
	}
}

func TestSplitDBCache(t *testing.T) {
	cases := []struct {
		mib                       int64
		blockTree, coinsDB, coins int64
	}{
		{450, 2 << 20, 8 << 20, 440 << 20},
		{4, 512 << 10, 1792 << 10, 1792 << 10},
		{16, 2 << 20, 7 << 20, 7 << 20},
	}
	for _, tc := range cases {
		s := SplitDBCache(tc.mib << 20)
		if s.BlockTreeDB != tc.blockTree || s.CoinsDB != tc.coinsDB || s.Coins != tc.coins {
			t.Errorf("-dbcache=%d: %+v", tc.mib, s)
		}
	}
}
