package chaingen

import (
	"math/bits"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// rng is the generator's deterministic random source. It draws only raw
// 64-bit values from PCG-DXSM (a fixed, documented algorithm) and derives
// everything else itself, so the stream of choices never depends on the
// standard library's helper methods.
type rng struct{ src rand.PCG }

// RNG streams: one per part of the generation, so that adding a fork or
// invalid blocks does not change the main chain.
const (
	streamMain uint64 = iota + 0x6368_6169_6e67_656e // "chaingen"
	streamFork
	streamInvalid
)

func newRNG(seed, stream uint64) *rng {
	r := new(rng)
	r.src.Seed(seed, stream)
	return r
}

// intn returns a value in [0, n) for n > 0 (multiply-high; the bias is
// irrelevant here).
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.src.Uint64(), uint64(n))
	return int(hi)
}

// chance reports true with probability percent/100.
func (r *rng) chance(percent int) bool { return r.intn(100) < percent }

// between returns a value in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// headerChain records, by height, what the consensus rules need of the
// chain being built: timestamps, bits, hashes and median times past.
type headerChain struct {
	ts     []int64
	bits   []uint32
	hashes []chainhash.Hash
	mtp    []int64
}

func (c *headerChain) add(h *primitives.Header) {
	c.ts = append(c.ts, int64(h.Timestamp))
	c.bits = append(c.bits, h.Bits)
	c.hashes = append(c.hashes, h.BlockHash())
	c.mtp = append(c.mtp, consensus.MedianTimePast(c.node(int32(len(c.ts)-1))))
}

func (c *headerChain) tip() int32 { return int32(len(c.ts) - 1) }

func (c *headerChain) node(h int32) headerNode { return headerNode{c: c, h: h} }

func (c *headerChain) clone() headerChain {
	return headerChain{ts: slices.Clone(c.ts), bits: slices.Clone(c.bits), hashes: slices.Clone(c.hashes), mtp: slices.Clone(c.mtp)}
}

// headerNode is one block of a headerChain as a consensus.HeaderCtx.
type headerNode struct {
	c *headerChain
	h int32
}

func (n headerNode) Height() int32    { return n.h }
func (n headerNode) Bits() uint32     { return n.c.bits[n.h] }
func (n headerNode) Timestamp() int64 { return n.c.ts[n.h] }

func (n headerNode) Ancestor(h int32) consensus.HeaderCtx {
	if h < 0 || h > n.h {
		return nil
	}
	return headerNode{c: n.c, h: h}
}

// coin is a spendable output the generator owns.
type coin struct {
	op       primitives.OutPoint // op.Hash is unset while src is pending
	src      *txJob              // the creating transaction, while in its block
	value    int64
	dest     *Destination
	height   int32
	coinbase bool
}

// outPoint returns the coin's outpoint, waiting for the creating
// transaction's txid if it depends on signatures still being made.
func (c *coin) outPoint() (primitives.OutPoint, error) {
	if c.src != nil {
		h, err := c.src.hash()
		if err != nil {
			return primitives.OutPoint{}, err
		}
		c.op.Hash = h
		c.src = nil
	}
	return c.op, nil
}

// txJob is one transaction handed to the signing workers. The builder owns
// tx until it submits the job; afterwards only the worker touches it until
// done is closed.
type txJob struct {
	tx       *primitives.Tx
	prevOuts []primitives.TxOut
	spends   []Spend
	// signed: the builder signed the transaction already (special
	// transactions of invalid blocks); the worker only hashes it.
	signed bool
	// early: txid was computed before submission (no input has a
	// scriptSig, so signing cannot change it).
	early bool

	txid, wtxid chainhash.Hash
	err         error
	done        chan struct{}
}

// hash returns the job's txid, waiting for the worker when it depends on
// the signatures.
func (j *txJob) hash() (chainhash.Hash, error) {
	if j.early {
		return j.txid, nil
	}
	<-j.done
	return j.txid, j.err
}

// wait waits for the job and returns its error.
func (j *txJob) wait() error {
	<-j.done
	return j.err
}

// signPool signs submitted jobs on a fixed set of goroutines.
type signPool struct {
	jobs chan *txJob
	wg   sync.WaitGroup
}

func newSignPool(workers int) *signPool {
	p := &signPool{jobs: make(chan *txJob, 4096)}
	p.wg.Add(workers)
	for range workers {
		go func() {
			defer p.wg.Done()
			for j := range p.jobs {
				j.run()
			}
		}()
	}
	return p
}

func (j *txJob) run() {
	defer close(j.done)
	if !j.signed {
		if err := SignTx(j.tx, j.prevOuts, j.spends); err != nil {
			j.err = err
			return
		}
	}
	if !j.early {
		j.txid = j.tx.TxHash()
	}
	j.wtxid = j.tx.WitnessHash()
}

// submit hands tx to the workers. early says whether its txid is final
// before signing.
func (p *signPool) submit(j *txJob) {
	j.done = make(chan struct{})
	if j.early {
		j.txid = j.tx.TxHash()
	}
	p.jobs <- j
}

// close stops the workers after the queued jobs.
func (p *signPool) close() {
	close(p.jobs)
	p.wg.Wait()
}
