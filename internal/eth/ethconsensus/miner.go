package ethconsensus

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"sync"
	"sync/atomic"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// checkEvery is how many nonces a mining goroutine tries between looks at
// the context and the other goroutines' progress.
const checkEvery = 256

// Seal searches for a nonce whose Ethash result meets b's difficulty, on
// Config.Threads goroutines over the full dataset of b's epoch (built on
// first use: minutes and a GiB for the public sizes, instant for a dev
// network's), each starting at a random nonce. It returns a copy of b
// whose header carries the nonce and mix digest, or ctx's error when ctx
// ends first, or ErrNonPositiveDifficulty / ErrEpochTooHigh. Under
// Config.FakeSeal it returns b itself at once.
//
// This method is safe for concurrent access.
func (e *Ethash) Seal(ctx context.Context, b *ethtypes.Block) (*ethtypes.Block, error) {
	h := b.Header
	if h.Difficulty.IsZero() {
		return nil, ruleErrorf(ErrNonPositiveDifficulty, "block %d", h.Number)
	}
	epoch, err := e.Epoch(h.Number)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if e.cfg.FakeSeal {
		return b, nil
	}
	dataset := e.dataset(epoch)
	sealHash := SealHash(h)
	target := Target(&h.Difficulty)

	var seed [8]byte
	if _, err := rand.Read(seed[:]); err != nil {
		return nil, err
	}
	start := binary.LittleEndian.Uint64(seed[:])

	type found struct {
		nonce  uint64
		digest ethtypes.Hash
	}
	var (
		done   atomic.Bool
		once   sync.Once
		result found
		wg     sync.WaitGroup
	)
	threads := e.cfg.Threads
	for t := range threads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r uint256.Int
			sc := newScratch()
			size := uint64(len(dataset)) * 4
			nonce := start + uint64(t)
			for n := uint64(1); ; n++ {
				digest, res := sc.hashimoto(&sealHash, nonce, size, nil, dataset)
				if r.SetBytes32(res[:]); !r.Gt(target) {
					once.Do(func() { result = found{nonce: nonce, digest: digest} })
					done.Store(true)
					e.hashes.Add(n)
					return
				}
				if n%checkEvery == 0 {
					e.hashes.Add(checkEvery)
					n = 0
					if done.Load() || ctx.Err() != nil {
						return
					}
				}
				nonce += uint64(threads)
			}
		}()
	}
	wg.Wait()
	if !done.Load() {
		return nil, ctx.Err()
	}
	sealed := *h
	binary.BigEndian.PutUint64(sealed.Nonce[:], result.nonce)
	sealed.MixDigest = result.digest
	return ethtypes.NewBlock(&sealed, b.Txs, b.Uncles, b.Withdrawals), nil
}

// Hashes returns how many Ethash evaluations Seal has made since the
// engine was created (eth_hashrate is its rate).
//
// This method is safe for concurrent access.
func (e *Ethash) Hashes() uint64 { return e.hashes.Load() }
