package txpool

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TestRandomOperations drives a small pool with random adds (gaps,
// replacements, locals, cheap and dear transactions), mined blocks that
// advance nonces and cut balances, reorgs and clock jumps, and checks the
// pool's bookkeeping after every step. The seed is logged.
func TestRandomOperations(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	const accts = 6
	clock := &testClock{t: time.Unix(1_700_000_000, 0)}
	p, chain, st := newTestPool(t, Config{GlobalSlots: 12, GlobalQueue: 6, AccountSlots: 2, AccountQueue: 4, Now: clock.now}, accts)
	heads := []*ethtypes.Header{chain.CurrentHeader()}
	states := []*testState{st}
	for step := 0; step < 600; step++ {
		switch r := rng.IntN(10); {
		case r < 7:
			i := rng.IntN(accts)
			k, a := key(i)
			cur := states[len(states)-1]
			nonce := cur.nonces[a] + uint64(rng.IntN(8))
			if rng.IntN(10) == 0 && nonce > 0 {
				nonce-- // sometimes too low
			}
			tip := uint64(rng.IntN(5)+1) * gwei / 2
			tx := dynTx(t, k, nonce, tip, tip+uint64(rng.IntN(4))*gwei)
			p.Add([]*ethtypes.Transaction{tx}, rng.IntN(8) == 0)
		case r < 9:
			// Mine: take a few pending transactions of one account.
			parent := heads[len(heads)-1]
			if rng.IntN(4) == 0 && len(heads) > 2 {
				parent = heads[len(heads)-3] // fork from an older block: a reorg
			}
			pi := 0
			for j, h := range heads {
				if h == parent {
					pi = j
				}
			}
			next := states[pi].copy()
			var txs []*ethtypes.Transaction
			for from, list := range p.Pending(PendingFilter{}) {
				if list[0].Nonce() != next.nonces[from] {
					continue
				}
				n := rng.IntN(len(list) + 1)
				txs = append(txs, list[:n]...)
				next.nonces[from] += uint64(n)
				if rng.IntN(5) == 0 {
					next.balances[from] = uint256.NewInt(uint64(rng.IntN(3)) * 100_000_000_000_000)
				}
				break
			}
			h := chain.extend(parent, txs, next, byte(step))
			if err := p.Reset(heads[len(heads)-1], h); err != nil {
				t.Fatal(err)
			}
			heads = append(heads[:pi+1], h)
			states = append(states[:pi+1], next)
		default:
			clock.t = clock.t.Add(time.Duration(rng.IntN(4)) * time.Hour)
		}
		checkInvariants(t, p)
		if pend, q := p.Status(); pend+q > 18 {
			t.Fatalf("step %d: %d pending + %d queued above the limits", step, pend, q)
		}
	}
}
