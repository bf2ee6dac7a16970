package mining

import (
	"context"
	"time"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Defaults of Config, Core's values (src/policy/policy.h, src/node/miner.h).
const (
	// DefaultBlockMaxWeight is -blockmaxweight (Core 29+: the consensus
	// maximum, the coinbase being covered by the reserved weight).
	DefaultBlockMaxWeight = consensus.MaxBlockWeight
	// DefaultBlockReservedWeight is -blockreservedweight, the weight kept
	// for the coinbase and the header.
	DefaultBlockReservedWeight = 8000
	// MinBlockReservedWeight is the smallest reservation accepted.
	MinBlockReservedWeight = 2000
	// DefaultBlockMinTxFee is -blockmintxfee in sat/kvB: packages paying
	// less are left out.
	DefaultBlockMinTxFee mempool.FeeRate = 1000
	// coinbaseSigOpsReserve is the sigop cost kept for the coinbase.
	coinbaseSigOpsReserve = 400
	// maxConsecutiveFailures ends the search once the block is nearly full
	// and this many packages in a row did not fit.
	maxConsecutiveFailures = 1000
	// VersionBitsTopBits is the block version when no BIP9 deployment is
	// signalling (Core's VERSIONBITS_TOP_BITS).
	VersionBitsTopBits = 0x20000000
)

// TxSource supplies the candidate transactions; *mempool.Pool satisfies
// it.
type TxSource interface {
	MiningEntries() []mempool.MiningEntry
}

// Config configures a Generator. Params, Chain and Source are required;
// zero fields take the defaults.
type Config struct {
	Params *chaincfg.Params
	Chain  ChainView
	// Source is the mempool; nil builds blocks with the coinbase only.
	Source TxSource
	// Now is the clock (time.Now).
	Now func() time.Time
	// BlockMaxWeight is -blockmaxweight, clamped to
	// [BlockReservedWeight, MaxBlockWeight].
	BlockMaxWeight int64
	// BlockReservedWeight is -blockreservedweight, at least
	// MinBlockReservedWeight.
	BlockReservedWeight int64
	// BlockMinTxFee is -blockmintxfee (sat/kvB); negative means zero.
	BlockMinTxFee mempool.FeeRate
}

// Generator assembles block templates and mines blocks on a ChainView.
//
// A Generator is safe for concurrent use.
type Generator struct {
	cfg Config
}

// New returns a Generator for cfg.
//
// This function is safe for concurrent access.
func New(cfg Config) *Generator {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.BlockReservedWeight == 0 {
		cfg.BlockReservedWeight = DefaultBlockReservedWeight
	}
	cfg.BlockReservedWeight = max(cfg.BlockReservedWeight, MinBlockReservedWeight)
	cfg.BlockReservedWeight = min(cfg.BlockReservedWeight, consensus.MaxBlockWeight)
	if cfg.BlockMaxWeight == 0 {
		cfg.BlockMaxWeight = DefaultBlockMaxWeight
	}
	cfg.BlockMaxWeight = max(min(cfg.BlockMaxWeight, consensus.MaxBlockWeight), cfg.BlockReservedWeight)
	switch {
	case cfg.BlockMinTxFee == 0:
		cfg.BlockMinTxFee = DefaultBlockMinTxFee
	case cfg.BlockMinTxFee < 0:
		cfg.BlockMinTxFee = 0
	}
	return &Generator{cfg: cfg}
}

// Params returns the network parameters.
func (g *Generator) Params() *chaincfg.Params { return g.cfg.Params }

// Template is a block ready for proof of work: Core's CBlockTemplate.
type Template struct {
	// Block has the coinbase first; its header carries the merkle root,
	// version, time and bits, nonce zero.
	Block  *primitives.Block
	Height int32
	// Fees are the transactions' base fees, the coinbase's entry being
	// minus their sum (Core's vTxFees); SigOpCosts their sigop costs.
	Fees       []int64
	SigOpCosts []int64
	// Depends lists, for each transaction, the indices (in Block.Txs) of
	// the block's transactions it spends.
	Depends [][]int
	// Target is the expanded Bits.
	Target uint256.Int
	// MedianTimePast is the tip's; the block's time is at least one more.
	MedianTimePast int64
	// CoinbaseValue is the subsidy plus the fees.
	CoinbaseValue int64
	// TotalFees, Weight (with the coinbase) and SigOpCost (likewise).
	TotalFees, Weight, SigOpCost int64
	// WitnessCommitment is the coinbase's commitment output script, nil
	// before segwit.
	WitnessCommitment []byte
	// CoinbaseScript is the output script the coinbase pays.
	CoinbaseScript []byte

	txids []chainhash.Hash // of Block.Txs[1:]
}

// Generate mines n blocks on the chain's tip paying coinbaseScript, each
// built by NewTemplate, solved by grinding nonces and extra nonces, and
// submitted with ChainView.ProcessBlock (Core's generateBlocks). maxTries
// bounds the nonces tried over all blocks (zero: no limit); when they run
// out it returns the hashes mined so far with an error wrapping
// ErrNoSolution. The context is checked between tries.
//
// This function is safe for concurrent access.
func (g *Generator) Generate(ctx context.Context, n int, coinbaseScript []byte, maxTries uint64) ([]chainhash.Hash, error) {
	hashes := make([]chainhash.Hash, 0, min(n, 1024))
	extraNonce := int64(-1) // the first try uses 0, as Core's templates
	limited := maxTries != 0
	for len(hashes) < n {
		t, err := g.NewTemplate(coinbaseScript)
		if err != nil {
			return hashes, err
		}
		var blk *primitives.Block
		for blk == nil {
			extraNonce++
			if err := t.SetExtraNonce(extraNonce); err != nil {
				return hashes, err
			}
			if limited && maxTries == 0 {
				return hashes, &Error{Err: ErrNoSolution, Description: "maxtries reached"}
			}
			var tries uint64
			blk, _, tries, err = t.Solve(ctx, maxTries)
			if err != nil {
				return hashes, err
			}
			if limited {
				maxTries -= tries
			}
		}
		if err := g.cfg.Chain.ProcessBlock(blk); err != nil {
			return hashes, &Error{Err: ErrBlockNotAccepted, Description: blk.Header.BlockHash().String(), Cause: err}
		}
		hashes = append(hashes, blk.Header.BlockHash())
	}
	return hashes, nil
}
