package chaingen

import (
	"encoding/binary"
	"runtime"
	"slices"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// Coinbase tags: the extra data of each branch's coinbases differ, so the
// branches never share a transaction.
const (
	tagMain    = 'm'
	tagFork    = 'f'
	tagInvalid = 'x'
)

// gen is the state of one generation.
type gen struct {
	cfg   Config
	p     *chaincfg.Params
	r     *rng
	pool  *signPool
	dests [NumOutputTypes][]*Destination

	coins    []coin // confirmed spendable outputs (mature coinbases included)
	immature []coin // coinbase outputs not yet mature, by ascending height
	chain    headerChain
	tag      byte
	stats    *Stats // nil while building blocks that are not counted
}

// snapshot is the part of gen a branch starts from.
type snapshot struct {
	coins, immature []coin
	chain           headerChain
}

func (g *gen) save() snapshot {
	return snapshot{coins: slices.Clone(g.coins), immature: slices.Clone(g.immature), chain: g.chain.clone()}
}

func (g *gen) restore(s snapshot) {
	g.coins, g.immature, g.chain = slices.Clone(s.coins), slices.Clone(s.immature), s.chain.clone()
}

// GenerateChain builds the chain cfg describes: the main chain, and, when
// asked, a competing branch and invalid blocks.
//
// Every block of the main chain and the branch is valid under Bitcoin
// Core's consensus rules at its height: the coinbase carries the BIP34
// height and the BIP141 witness commitment and claims exactly the subsidy
// plus the fees, the header has version 0x20000000, a timestamp after its
// parent's and the minimum-difficulty proof of work, and every other
// transaction spends mature outputs of the five OutputTypes with valid
// signatures (mostly SIGHASH_ALL/DEFAULT, with every other hash type
// mixed in), 1-3 inputs and 2-3 outputs, a positive fee, some relative
// and absolute lock times, and some spends of outputs created earlier in
// the same block.
//
// The result depends only on cfg (not on cfg.Workers): the same Config
// gives byte-identical blocks. Signing, the bulk of the work, runs on
// cfg.Workers goroutines.
//
// This function is safe for concurrent access.
func GenerateChain(cfg Config) (*Chain, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	g, err := newGen(cfg)
	if err != nil {
		return nil, err
	}
	defer g.pool.close()

	out := &Chain{Params: g.p, Destinations: g.dests}
	out.Stats.HashTypes = make(map[txscript.SigHashType]int)
	g.stats = &out.Stats
	forkParent := int32(cfg.Blocks - cfg.ForkDepth)
	var forkSnap snapshot
	if cfg.ForkDepth > 0 && forkParent == 0 {
		forkSnap = g.save()
	}
	out.Blocks = make([]*primitives.Block, 0, cfg.Blocks)
	for h := int32(1); h <= int32(cfg.Blocks); h++ {
		blk, err := g.nextBlock(nil)
		if err != nil {
			return nil, err
		}
		out.Blocks = append(out.Blocks, blk)
		if cfg.ForkDepth > 0 && h == forkParent {
			forkSnap = g.save()
		}
	}
	g.stats = nil

	if cfg.Invalid {
		g.r = newRNG(cfg.Seed, streamInvalid)
		g.tag = tagInvalid
		if out.Invalid, err = g.invalidBlocks(); err != nil {
			return nil, err
		}
	}
	if cfg.ForkDepth > 0 {
		g.restore(forkSnap)
		g.r = newRNG(cfg.Seed, streamFork)
		g.tag = tagFork
		out.ForkHeight = forkParent + 1
		for range cfg.ForkLength {
			blk, err := g.nextBlock(nil)
			if err != nil {
				return nil, err
			}
			out.Fork = append(out.Fork, blk)
		}
	}
	return out, nil
}

// newGen derives the keys and destinations and starts the signing workers.
func newGen(cfg Config) (*gen, error) {
	g := &gen{cfg: cfg, p: cfg.Params, r: newRNG(cfg.Seed, streamMain), tag: tagMain}
	var seed [16]byte
	copy(seed[:8], "chaingen")
	binary.LittleEndian.PutUint64(seed[8:], cfg.Seed)
	n := cfg.DestinationsPerType
	// Keys per destination: 1 for the single-key types, 3 for the others.
	ring := NewKeyring(seed[:], n*(1+1+1+3+3))
	next := 0
	key := func() *Key { k := ring.Key(next); next++; return k }
	for range n {
		g.dests[P2PKH] = append(g.dests[P2PKH], NewP2PKH(key()))
		g.dests[P2WPKH] = append(g.dests[P2WPKH], NewP2WPKH(key()))
		d, err := NewP2TRKeyPath(key())
		if err != nil {
			return nil, err
		}
		g.dests[P2TRKeyPath] = append(g.dests[P2TRKeyPath], d)
		if d, err = NewP2TRScriptPath(key(), key(), key()); err != nil {
			return nil, err
		}
		g.dests[P2TRScriptPath] = append(g.dests[P2TRScriptPath], d)
		g.dests[P2WSHMultisig] = append(g.dests[P2WSHMultisig], NewP2WSHMultisig(key(), key(), key()))
	}
	g.chain.add(&g.p.GenesisBlock.Header)
	workers := cfg.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	g.pool = newSignPool(workers)
	return g, nil
}

// randomDest returns a destination of a random type.
func (g *gen) randomDest() *Destination {
	ds := g.dests[g.r.intn(NumOutputTypes)]
	return ds[g.r.intn(len(ds))]
}

// nextBlock builds the next block on the tip, applies it to the state and
// returns it. m modifies the block (invalid blocks); nil builds a valid one.
func (g *gen) nextBlock(m *mods) (*primitives.Block, error) {
	height := g.chain.tip() + 1
	g.matureCoinbases(height)
	b := &blockPlan{height: height}
	n := g.cfg.TxsPerBlock
	if m != nil {
		n = m.normalTxs
	}
	for range n {
		ok, err := g.buildTx(b)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
	}
	if m != nil && m.extra != nil {
		if err := m.extra(g, b); err != nil {
			return nil, err
		}
	}
	blk, cbOuts, err := g.finish(b, m)
	if err != nil {
		return nil, err
	}
	if m == nil {
		g.commit(b, blk, cbOuts)
	}
	return blk, nil
}

// matureCoinbases moves the coinbase outputs spendable at height to the
// pool.
func (g *gen) matureCoinbases(height int32) {
	i := 0
	for i < len(g.immature) && height-g.immature[i].height >= g.p.CoinbaseMaturity {
		i++
	}
	g.coins = append(g.coins, g.immature[:i]...)
	g.immature = slices.Delete(g.immature, 0, i)
}

// commit applies a valid block to the state: its header to the chain, the
// outputs its transactions created to the pool and its coinbase outputs to
// the immature queue.
func (g *gen) commit(b *blockPlan, blk *primitives.Block, cbOuts []coin) {
	g.chain.add(&blk.Header)
	for i := range b.fresh {
		c := &b.fresh[i]
		if c.src != nil {
			c.op.Hash = c.src.txid // every job is done (finish waited)
			c.src = nil
		}
	}
	g.coins = append(g.coins, b.fresh...)
	g.immature = append(g.immature, cbOuts...)
	if s := g.stats; s != nil {
		s.Blocks++
		size, weight := int64(blk.SerializeSize()), int64(blk.Weight())
		s.Bytes += size
		s.Weight += weight
		s.MaxBlockWeight = max(s.MaxBlockWeight, weight)
		s.Fees += b.fees
		for _, c := range cbOuts {
			s.OutputsByType[c.dest.Type]++
		}
	}
}
