package ethparams

import (
	"fmt"
	"math/big"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Rules says which protocol changes are active for one block. It is the
// ethtypes type, so that transaction validation and the EVM, which sit
// beside this package, use the same value; derive it with
// ChainConfig.Rules.
type Rules = ethtypes.Rules

// ChainConfig is the configuration of a chain: its id and the activation
// point of every fork. A nil block or time means the fork is not scheduled.
// The JSON field names are those of geth's genesis "config" object.
//
// A ChainConfig is a plain value, safe for concurrent reads.
type ChainConfig struct {
	ChainID uint64 `json:"chainId"`

	HomesteadBlock *uint64 `json:"homesteadBlock,omitempty"`

	DAOForkBlock   *uint64 `json:"daoForkBlock,omitempty"`
	DAOForkSupport bool    `json:"daoForkSupport,omitempty"`

	EIP150Block *uint64 `json:"eip150Block,omitempty"` // Tangerine Whistle
	EIP155Block *uint64 `json:"eip155Block,omitempty"` // Spurious Dragon: replay protection
	EIP158Block *uint64 `json:"eip158Block,omitempty"` // Spurious Dragon: state clearing

	ByzantiumBlock      *uint64 `json:"byzantiumBlock,omitempty"`
	ConstantinopleBlock *uint64 `json:"constantinopleBlock,omitempty"`
	// PetersburgBlock removes EIP-1283 again. When it is nil, Petersburg
	// activates together with Constantinople (as on every public network).
	PetersburgBlock   *uint64 `json:"petersburgBlock,omitempty"`
	IstanbulBlock     *uint64 `json:"istanbulBlock,omitempty"`
	MuirGlacierBlock  *uint64 `json:"muirGlacierBlock,omitempty"` // difficulty bomb delay only
	BerlinBlock       *uint64 `json:"berlinBlock,omitempty"`
	LondonBlock       *uint64 `json:"londonBlock,omitempty"`
	ArrowGlacierBlock *uint64 `json:"arrowGlacierBlock,omitempty"` // difficulty bomb delay only
	GrayGlacierBlock  *uint64 `json:"grayGlacierBlock,omitempty"`  // difficulty bomb delay only

	// MergeNetsplitBlock is the first block after the merge on networks
	// that use it to split peers; it does not itself enable anything.
	MergeNetsplitBlock *uint64 `json:"mergeNetsplitBlock,omitempty"`

	ShanghaiTime *uint64 `json:"shanghaiTime,omitempty"`
	CancunTime   *uint64 `json:"cancunTime,omitempty"`

	// TerminalTotalDifficulty is the total difficulty at which the chain
	// switches to proof of stake; nil means it never does.
	TerminalTotalDifficulty *big.Int `json:"terminalTotalDifficulty,omitempty"`
	// TerminalTotalDifficultyPassed is accepted for compatibility with
	// older geth genesis files; it has no effect.
	TerminalTotalDifficultyPassed bool `json:"terminalTotalDifficultyPassed,omitempty"`

	DepositContractAddress *ethtypes.Address `json:"depositContractAddress,omitempty"`

	BlobSchedule *BlobScheduleConfig `json:"blobSchedule,omitempty"`

	// Consensus engine of a pre-merge chain: proof of work, or clique
	// proof of authority.
	Ethash *EthashConfig `json:"ethash,omitempty"`
	Clique *CliqueConfig `json:"clique,omitempty"`

	// DevBalanceEdits is twinchain's extension for its dev network: the
	// withdrawals of a block may set a balance or credit wei, marked by a
	// reserved validator index (see ethchain.ApplyWithdrawals), so that
	// anvil_setBalance can set any balance in a block every node
	// re-validates. Off on every other network.
	DevBalanceEdits bool `json:"twinchainDevBalanceEdits,omitempty"`
}

// EthashConfig marks a proof-of-work chain. It has no parameters.
type EthashConfig struct{}

// CliqueConfig holds the parameters of clique proof of authority.
type CliqueConfig struct {
	Period uint64 `json:"period"` // seconds between blocks
	Epoch  uint64 `json:"epoch"`  // blocks between checkpoints
}

// BlobScheduleConfig holds the blob parameters of each fork that changed
// them.
type BlobScheduleConfig struct {
	Cancun *BlobConfig `json:"cancun,omitempty"`
}

// BlobConfig holds the EIP-4844 blob parameters of a fork: the target and
// maximum number of blobs per block and the update fraction of the blob
// base fee.
type BlobConfig struct {
	Target         int    `json:"target"`
	Max            int    `json:"max"`
	UpdateFraction uint64 `json:"baseFeeUpdateFraction"`
}

// Blob gas constants of EIP-4844.
const (
	// BlobGasPerBlob is the blob gas one blob consumes (2^17).
	BlobGasPerBlob = ethtypes.BlobTxBlobGasPerBlob
	// MinBlobGasPrice is the lowest blob base fee.
	MinBlobGasPrice = 1
)

// DefaultCancunBlobConfig is Cancun's blob schedule: target 3, max 6,
// update fraction 3338477.
var DefaultCancunBlobConfig = BlobConfig{Target: 3, Max: 6, UpdateFraction: 3338477}

// MaxBlobGas returns the most blob gas a block may use under b.
func (b BlobConfig) MaxBlobGas() uint64 { return uint64(b.Max) * BlobGasPerBlob }

// TargetBlobGas returns the blob gas per block b aims at.
func (b BlobConfig) TargetBlobGas() uint64 { return uint64(b.Target) * BlobGasPerBlob }

// isForked reports whether a fork scheduled at s (nil: never) is active at
// head (a block number or a time).
func isForked(s *uint64, head uint64) bool { return s != nil && *s <= head }

// IsHomestead reports whether Homestead is active at block num.
func (c *ChainConfig) IsHomestead(num uint64) bool { return isForked(c.HomesteadBlock, num) }

// IsDAOFork reports whether the DAO fork block has been reached at num.
func (c *ChainConfig) IsDAOFork(num uint64) bool { return isForked(c.DAOForkBlock, num) }

// IsEIP150 reports whether Tangerine Whistle is active at block num.
func (c *ChainConfig) IsEIP150(num uint64) bool { return isForked(c.EIP150Block, num) }

// IsEIP155 reports whether EIP-155 replay protection is active at num.
func (c *ChainConfig) IsEIP155(num uint64) bool { return isForked(c.EIP155Block, num) }

// IsEIP158 reports whether EIP-158/161 state clearing is active at num.
func (c *ChainConfig) IsEIP158(num uint64) bool { return isForked(c.EIP158Block, num) }

// IsByzantium reports whether Byzantium is active at block num.
func (c *ChainConfig) IsByzantium(num uint64) bool { return isForked(c.ByzantiumBlock, num) }

// IsConstantinople reports whether Constantinople is active at block num.
func (c *ChainConfig) IsConstantinople(num uint64) bool {
	return isForked(c.ConstantinopleBlock, num)
}

// IsPetersburg reports whether Petersburg is active at block num: at
// PetersburgBlock, or with Constantinople when PetersburgBlock is nil.
func (c *ChainConfig) IsPetersburg(num uint64) bool {
	if c.PetersburgBlock == nil {
		return isForked(c.ConstantinopleBlock, num)
	}
	return isForked(c.PetersburgBlock, num)
}

// IsIstanbul reports whether Istanbul is active at block num.
func (c *ChainConfig) IsIstanbul(num uint64) bool { return isForked(c.IstanbulBlock, num) }

// IsMuirGlacier reports whether the Muir Glacier bomb delay is active.
func (c *ChainConfig) IsMuirGlacier(num uint64) bool { return isForked(c.MuirGlacierBlock, num) }

// IsBerlin reports whether Berlin is active at block num.
func (c *ChainConfig) IsBerlin(num uint64) bool { return isForked(c.BerlinBlock, num) }

// IsLondon reports whether London is active at block num.
func (c *ChainConfig) IsLondon(num uint64) bool { return isForked(c.LondonBlock, num) }

// IsArrowGlacier reports whether the Arrow Glacier bomb delay is active.
func (c *ChainConfig) IsArrowGlacier(num uint64) bool { return isForked(c.ArrowGlacierBlock, num) }

// IsGrayGlacier reports whether the Gray Glacier bomb delay is active.
func (c *ChainConfig) IsGrayGlacier(num uint64) bool { return isForked(c.GrayGlacierBlock, num) }

// IsShanghai reports whether Shanghai is active for a block with the given
// number and time (it needs London).
func (c *ChainConfig) IsShanghai(num, time uint64) bool {
	return c.IsLondon(num) && isForked(c.ShanghaiTime, time)
}

// IsCancun reports whether Cancun is active for a block with the given
// number and time (it needs London).
func (c *ChainConfig) IsCancun(num, time uint64) bool {
	return c.IsLondon(num) && isForked(c.CancunTime, time)
}

// Rules returns the fork rules of a block with the given number and time.
// isMerge says whether the block is a proof-of-stake block (it carries a
// PREVRANDAO value). As in geth, the merge is only recognised from London,
// and Shanghai and Cancun only after the merge.
//
// This method is safe for concurrent access.
func (c *ChainConfig) Rules(num uint64, isMerge bool, time uint64) Rules {
	isMerge = isMerge && c.IsLondon(num)
	return Rules{
		IsHomestead:      c.IsHomestead(num),
		IsEIP150:         c.IsEIP150(num),
		IsEIP155:         c.IsEIP155(num),
		IsEIP158:         c.IsEIP158(num),
		IsByzantium:      c.IsByzantium(num),
		IsConstantinople: c.IsConstantinople(num),
		IsPetersburg:     c.IsPetersburg(num),
		IsIstanbul:       c.IsIstanbul(num),
		IsBerlin:         c.IsBerlin(num),
		IsLondon:         c.IsLondon(num),
		IsMerge:          isMerge,
		IsShanghai:       isMerge && c.IsShanghai(num, time),
		IsCancun:         isMerge && c.IsCancun(num, time),
	}
}

// BlobConfigAt returns the blob schedule in force for a block with the
// given number and time, and false before Cancun (or when the schedule is
// missing).
//
// This method is safe for concurrent access.
func (c *ChainConfig) BlobConfigAt(num, time uint64) (BlobConfig, bool) {
	if !c.IsCancun(num, time) || c.BlobSchedule == nil || c.BlobSchedule.Cancun == nil {
		return BlobConfig{}, false
	}
	return *c.BlobSchedule.Cancun, true
}

// LatestRules returns the rules of a block after every fork the
// configuration schedules (and after the merge): the rules whose signer
// accepts every transaction type the chain will ever accept, as geth's
// types.LatestSigner.
//
// This method is safe for concurrent access.
func (c *ChainConfig) LatestRules() Rules {
	const far = ^uint64(0)
	return c.Rules(far, true, far)
}

// blockFork is one block-numbered fork in activation order.
type blockFork struct {
	name     string
	block    *uint64
	optional bool // may be left unscheduled while later forks are scheduled
}

// Validate checks that the forks are scheduled in order: no fork before a
// fork it builds on, no mandatory fork left out while a later one is
// scheduled, Shanghai no later than Cancun and both only with London, and a
// blob schedule for Cancun. Errors have kind ErrForkOrder or
// ErrMissingBlobConfig.
//
// This method is safe for concurrent access.
func (c *ChainConfig) Validate() error {
	forks := []blockFork{
		{name: "homesteadBlock", block: c.HomesteadBlock},
		{name: "daoForkBlock", block: c.DAOForkBlock, optional: true},
		{name: "eip150Block", block: c.EIP150Block},
		{name: "eip155Block", block: c.EIP155Block},
		{name: "eip158Block", block: c.EIP158Block},
		{name: "byzantiumBlock", block: c.ByzantiumBlock},
		{name: "constantinopleBlock", block: c.ConstantinopleBlock},
		{name: "petersburgBlock", block: c.PetersburgBlock, optional: true},
		{name: "istanbulBlock", block: c.IstanbulBlock},
		{name: "muirGlacierBlock", block: c.MuirGlacierBlock, optional: true},
		{name: "berlinBlock", block: c.BerlinBlock},
		{name: "londonBlock", block: c.LondonBlock},
		{name: "arrowGlacierBlock", block: c.ArrowGlacierBlock, optional: true},
		{name: "grayGlacierBlock", block: c.GrayGlacierBlock, optional: true},
		{name: "mergeNetsplitBlock", block: c.MergeNetsplitBlock, optional: true},
	}
	var prev *blockFork // the last scheduled fork
	gap := ""           // the first mandatory fork left unscheduled
	for i := range forks {
		f := &forks[i]
		if f.block == nil {
			if !f.optional && gap == "" {
				gap = f.name
			}
			continue
		}
		if gap != "" {
			return &Error{Err: ErrForkOrder, Description: fmt.Sprintf("%s is scheduled while %s is not", f.name, gap)}
		}
		if prev != nil && *f.block < *prev.block {
			return &Error{Err: ErrForkOrder, Description: fmt.Sprintf("%s %d is before %s %d", f.name, *f.block, prev.name, *prev.block)}
		}
		prev = f
	}
	if (c.ShanghaiTime != nil || c.CancunTime != nil) && c.LondonBlock == nil {
		return &Error{Err: ErrForkOrder, Description: "shanghaiTime/cancunTime scheduled without londonBlock"}
	}
	if c.CancunTime != nil {
		if c.ShanghaiTime == nil {
			return &Error{Err: ErrForkOrder, Description: "cancunTime is scheduled while shanghaiTime is not"}
		}
		if *c.CancunTime < *c.ShanghaiTime {
			return &Error{Err: ErrForkOrder, Description: fmt.Sprintf("cancunTime %d is before shanghaiTime %d", *c.CancunTime, *c.ShanghaiTime)}
		}
		if c.BlobSchedule == nil || c.BlobSchedule.Cancun == nil {
			return &Error{Err: ErrMissingBlobConfig, Description: "cancun"}
		}
	}
	return nil
}
