package txpool

import (
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

type step struct {
	acct  int
	nonce uint64
}

// TestPriceAndNonceIterator checks the order across accounts by effective
// tip, nonce order within an account, skipping of accounts below the base
// fee, Pop, and that the input is not modified.
func TestPriceAndNonceIterator(t *testing.T) {
	k0, a0 := key(0)
	k1, a1 := key(1)
	k2, a2 := key(2)
	k3, a3 := key(3)
	addrs := map[ethtypes.Address]int{a0: 0, a1: 1, a2: 2, a3: 3}
	txs := map[ethtypes.Address][]*ethtypes.Transaction{
		// Account 0: tips 5 then 1 gwei.
		a0: {dynTx(t, k0, 0, 5*gwei, 100*gwei), dynTx(t, k0, 1, gwei, 100*gwei)},
		// Account 1: tip 3 gwei twice.
		a1: {dynTx(t, k1, 0, 3*gwei, 100*gwei), dynTx(t, k1, 1, 3*gwei, 100*gwei)},
		// Account 2: a high tip but a fee cap below the base fee.
		a2: {dynTx(t, k2, 0, 9*gwei, 9*gwei)},
		// Account 3: legacy 12 gwei (effective tip 2 under base fee 10),
		// then a second transaction below the base fee.
		a3: {legacyTx(t, k3, 0, 12*gwei), legacyTx(t, k3, 1, 9*gwei)},
	}
	baseFee := uint256.NewInt(10 * gwei)
	t.Run("order", func(t *testing.T) {
		it := NewPriceAndNonceIterator(txs, baseFee)
		var got []step
		for tx, from := it.Peek(); tx != nil; tx, from = it.Peek() {
			got = append(got, step{addrs[from], tx.Nonce()})
			it.Shift()
		}
		want := []step{{0, 0}, {1, 0}, {1, 1}, {3, 0}, {0, 1}}
		if len(got) != len(want) {
			t.Fatalf("got %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("got %v, want %v", got, want)
			}
		}
		if len(txs[a0]) != 2 || len(txs[a2]) != 1 {
			t.Fatal("input modified")
		}
	})
	t.Run("pop drops the account", func(t *testing.T) {
		it := NewPriceAndNonceIterator(txs, baseFee)
		it.Pop() // account 0 fails
		var got []step
		for tx, from := it.Peek(); tx != nil; tx, from = it.Peek() {
			got = append(got, step{addrs[from], tx.Nonce()})
			it.Shift()
		}
		want := []step{{1, 0}, {1, 1}, {3, 0}}
		if len(got) != len(want) || got[0] != want[0] || got[2] != want[2] {
			t.Fatalf("got %v, want %v", got, want)
		}
		it.Shift()
		it.Pop() // no-ops on an empty iterator
	})
	t.Run("before London", func(t *testing.T) {
		it := NewPriceAndNonceIterator(txs, nil)
		tx, from := it.Peek()
		if from != a3 || tx.Nonce() != 0 {
			t.Fatalf("first is %d/%d, want the 12 gwei legacy price of account 3", addrs[from], tx.Nonce())
		}
		n, seen2 := 0, false
		for tx, from := it.Peek(); tx != nil; tx, from = it.Peek() {
			seen2 = seen2 || from == a2
			n++
			it.Shift()
		}
		if n != 7 || !seen2 {
			t.Fatalf("%d transactions, account 2 seen %v; want all 7", n, seen2)
		}
	})
	t.Run("ties by hash", func(t *testing.T) {
		k4, a4 := key(4)
		same := map[ethtypes.Address][]*ethtypes.Transaction{
			a0: {dynTx(t, k0, 0, gwei, 100*gwei)},
			a4: {dynTx(t, k4, 0, gwei, 100*gwei)},
		}
		for i := 0; i < 5; i++ {
			it := NewPriceAndNonceIterator(same, baseFee)
			first, _ := it.Peek()
			it.Shift()
			second, _ := it.Peek()
			h1, h2 := first.Hash(), second.Hash()
			if string(h1[:]) > string(h2[:]) {
				t.Fatal("tie not broken by the lower hash")
			}
		}
	})
}
