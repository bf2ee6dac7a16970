package ethconsensus

import (
	"encoding/binary"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Header limits checked by the engines.
const (
	// MaxExtraDataSize is the maximum size of a header's extra data.
	MaxExtraDataSize = 32
	// DefaultAllowedFutureTime is how many seconds ahead of the clock a
	// header's timestamp may be (geth's allowedFutureBlockTime).
	DefaultAllowedFutureTime = 15
	// maxFixedCacheBytes and maxFixedDatasetBytes bound configured sizes
	// (indices of items must fit in 32 bits).
	maxFixedCacheBytes   = 1 << 30
	maxFixedDatasetBytes = 1 << 36
)

// Config holds the Ethash parameters of a network beyond its chain
// configuration (ethparams' EthashConfig has none): the sizes that let a
// dev network use a small cache and dataset, the bomb switch and reward of
// our networks, memory bounds and the hooks of the node. The zero value is
// the public networks' Ethash.
type Config struct {
	// EpochLength is the number of blocks per epoch; 0 means EpochLength
	// (30000).
	EpochLength uint64
	// CacheBytes, when non-zero, is the size of every epoch's cache: a
	// multiple of 64, at most 1 GiB. 0 means the growth formula
	// (CacheSize).
	CacheBytes uint64
	// DatasetBytes, when non-zero, is the size of every epoch's dataset:
	// a multiple of 128, at most 64 GiB. 0 means the growth formula
	// (DatasetSize).
	DatasetBytes uint64
	// CachesInMem is how many epochs' caches are kept (0: 2).
	CachesInMem int
	// DatasetsInMem is how many epochs' datasets are kept for mining (0: 1).
	DatasetsInMem int
	// Threads is the number of goroutines of Seal and dataset generation
	// (0: GOMAXPROCS).
	Threads int
	// BombOff leaves the difficulty bomb out of the difficulty formula.
	BombOff bool
	// BlockReward, when non-nil, is the block reward in wei of every block,
	// instead of the public forks' 5/3/2 ether.
	BlockReward *uint256.Int
	// HeaderCheck, when non-nil, is called by VerifyHeader and for every
	// uncle with the header and its parent, after the engine's own checks
	// and before the seal check: the chain's generic rules (gas limit,
	// base fee, fork fields), such as ethchain.VerifyHeader bound to the
	// chain configuration.
	HeaderCheck func(h, parent *ethtypes.Header) error
	// Now, when non-nil, returns the current Unix time; headers (not
	// uncles) more than AllowedFutureTime seconds ahead of it are
	// rejected. nil means no clock check.
	Now func() uint64
	// AllowedFutureTime is the clock allowance in seconds (0:
	// DefaultAllowedFutureTime).
	AllowedFutureTime uint64
	// FakeSeal accepts every seal (VerifySeal checks only that the
	// difficulty is non-zero) and makes Seal return at once with the
	// block's nonce and mix digest unchanged, while the difficulty formula,
	// uncles and rewards stay real: for tests of the chain (geth's
	// ethash.NewFaker). Never on a real network.
	FakeSeal bool
}

// Ethash is the proof-of-work engine: Ethash seals, the difficulty formula,
// the uncle rules and the block rewards. Verification uses the per-epoch
// cache (light hashimoto), mining the full dataset; both are built lazily
// on first use and kept in small LRUs (Config.CachesInMem,
// Config.DatasetsInMem), so memory stays bounded.
//
// An Ethash is safe for concurrent use.
type Ethash struct {
	cfg      Config
	caches   *epochLRU
	datasets *epochLRU
	hashes   atomic.Uint64 // hashimoto evaluations of Seal
	scratch  sync.Pool     // *scratch of the verifiers
}

var _ Engine = (*Ethash)(nil)

// New returns an Ethash engine with configuration cfg, after checking the
// sizes (kind ErrInvalidConfig).
//
// This function is safe for concurrent access.
func New(cfg Config) (*Ethash, error) {
	if cfg.EpochLength == 0 {
		cfg.EpochLength = EpochLength
	}
	if cfg.CacheBytes != 0 && (cfg.CacheBytes%hashBytes != 0 || cfg.CacheBytes > maxFixedCacheBytes) {
		return nil, ruleErrorf(ErrInvalidConfig, "cache size %d is not a multiple of %d up to %d", cfg.CacheBytes, hashBytes, maxFixedCacheBytes)
	}
	if cfg.DatasetBytes != 0 && (cfg.DatasetBytes%mixBytes != 0 || cfg.DatasetBytes > maxFixedDatasetBytes) {
		return nil, ruleErrorf(ErrInvalidConfig, "dataset size %d is not a multiple of %d up to %d", cfg.DatasetBytes, mixBytes, maxFixedDatasetBytes)
	}
	if cfg.CachesInMem <= 0 {
		cfg.CachesInMem = 2
	}
	if cfg.DatasetsInMem <= 0 {
		cfg.DatasetsInMem = 1
	}
	if cfg.Threads <= 0 {
		cfg.Threads = runtime.GOMAXPROCS(0)
	}
	if cfg.AllowedFutureTime == 0 {
		cfg.AllowedFutureTime = DefaultAllowedFutureTime
	}
	return &Ethash{
		cfg:      cfg,
		caches:   newEpochLRU(cfg.CachesInMem),
		datasets: newEpochLRU(cfg.DatasetsInMem),
	}, nil
}

// Config returns the engine's configuration, with defaults filled in.
//
// This method is safe for concurrent access.
func (e *Ethash) Config() Config { return e.cfg }

// Epoch returns the epoch of block number, and ErrEpochTooHigh past the
// last epoch the configured sizes allow.
//
// This method is safe for concurrent access.
func (e *Ethash) Epoch(number uint64) (uint64, error) {
	epoch := number / e.cfg.EpochLength
	limit := uint64(MaxFixedEpoch)
	if e.cfg.CacheBytes == 0 || e.cfg.DatasetBytes == 0 {
		limit = MaxGrowingEpoch
	}
	if epoch > limit {
		return 0, ruleErrorf(ErrEpochTooHigh, "block %d is in epoch %d > %d", number, epoch, limit)
	}
	return epoch, nil
}

// Sizes returns the cache and dataset sizes in bytes of epoch.
//
// This method is safe for concurrent access.
func (e *Ethash) Sizes(epoch uint64) (cacheBytes, datasetBytes uint64) {
	cacheBytes, datasetBytes = e.cfg.CacheBytes, e.cfg.DatasetBytes
	if cacheBytes == 0 {
		cacheBytes = CacheSize(epoch)
	}
	if datasetBytes == 0 {
		datasetBytes = DatasetSize(epoch)
	}
	return cacheBytes, datasetBytes
}

// cache returns the verification cache of epoch, building it if needed.
func (e *Ethash) cache(epoch uint64) []uint32 {
	return e.caches.get(epoch, func(epoch uint64) []uint32 {
		size, _ := e.Sizes(epoch)
		return MakeCache(size, SeedHash(epoch))
	})
}

// dataset returns the full dataset of epoch, building it if needed.
func (e *Ethash) dataset(epoch uint64) []uint32 {
	return e.datasets.get(epoch, func(epoch uint64) []uint32 {
		_, size := e.Sizes(epoch)
		return MakeDataset(size, e.cache(epoch), e.cfg.Threads)
	})
}

// HashimotoLight computes the mix digest and result of h's seal hash and
// nonce from the cache of h's epoch (built on first use).
//
// This method is safe for concurrent access.
func (e *Ethash) HashimotoLight(h *ethtypes.Header) (digest, result ethtypes.Hash, err error) {
	epoch, err := e.Epoch(h.Number)
	if err != nil {
		return digest, result, err
	}
	_, dsize := e.Sizes(epoch)
	cache := e.cache(epoch)
	sc, ok := e.scratch.Get().(*scratch)
	if !ok {
		sc = newScratch()
	}
	sealHash := SealHash(h)
	digest, result = sc.hashimoto(&sealHash, binary.BigEndian.Uint64(h.Nonce[:]), dsize, cache, nil)
	e.scratch.Put(sc)
	return digest, result, nil
}

// VerifySeal checks h's proof of work from the epoch's cache: a non-zero
// difficulty, the mix digest Ethash computes for the seal hash and nonce,
// and a result at most 2^256 / difficulty. Errors have kinds
// ErrNonPositiveDifficulty, ErrEpochTooHigh, ErrInvalidMixDigest and
// ErrInvalidPoW. Under Config.FakeSeal only the difficulty is checked.
//
// The first header of an epoch builds its cache (public sizes: about a
// second and 16 MiB at epoch 0, growing to 285 MiB at the last epoch), so
// a header from an untrusted peer should have its ancestry checked first
// (VerifyHeader does), which bounds its number.
//
// This method is safe for concurrent access.
func (e *Ethash) VerifySeal(h *ethtypes.Header) error {
	if h.Difficulty.IsZero() {
		return ruleErrorf(ErrNonPositiveDifficulty, "block %d", h.Number)
	}
	if e.cfg.FakeSeal {
		return nil
	}
	digest, result, err := e.HashimotoLight(h)
	if err != nil {
		return err
	}
	if digest != h.MixDigest {
		return ruleErrorf(ErrInvalidMixDigest, "have %x, want %x", h.MixDigest, digest)
	}
	if !MeetsTarget(result, &h.Difficulty) {
		return ruleErrorf(ErrInvalidPoW, "result %x above target of difficulty %s", result, h.Difficulty.Dec())
	}
	return nil
}

// Target returns the largest result that meets difficulty d (non-zero):
// floor(2^256 / d), or 2^256-1 when d is 1 (every result meets it),
// and 0 when d is 0.
//
// This function is safe for concurrent access.
func Target(d *uint256.Int) *uint256.Int {
	t := new(uint256.Int)
	switch {
	case d.IsZero():
		return t
	case d.IsUint64() && d.Uint64() == 1:
		return t.Set(maxUint256)
	}
	t.Div(maxUint256, d) // floor((2^256-1)/d)
	// floor(2^256/d) is one more exactly when d divides 2^256, i.e. is a
	// power of two.
	var dm1 uint256.Int
	if dm1.SubUint64(d, 1).And(&dm1, d).IsZero() {
		t.AddUint64(t, 1)
	}
	return t
}

// MeetsTarget reports whether an Ethash result (a big-endian number) is at
// most 2^256 / d.
//
// This function is safe for concurrent access.
func MeetsTarget(result ethtypes.Hash, d *uint256.Int) bool {
	var r uint256.Int
	r.SetBytes32(result[:])
	return !r.Gt(Target(d))
}

// SealHash returns the package-level SealHash of h.
//
// This method is safe for concurrent access.
func (e *Ethash) SealHash(h *ethtypes.Header) ethtypes.Hash { return SealHash(h) }

// VerifyHeader checks h against its parent, read from chain: the extra
// data size, the clock (Config.Now), a timestamp above the parent's, the
// number, the difficulty formula, Config.HeaderCheck and the seal.
//
// This method is safe for concurrent access.
func (e *Ethash) VerifyHeader(chain ChainHeaderReader, h *ethtypes.Header) error {
	parent, err := parentOf(chain, h)
	if err != nil {
		return err
	}
	return e.verifyHeader(chain, h, parent, false)
}

// parentOf returns h's parent from chain, or ErrUnknownAncestor.
func parentOf(chain ChainHeaderReader, h *ethtypes.Header) (*ethtypes.Header, error) {
	if h.Number == 0 {
		return nil, ruleErrorf(ErrUnknownAncestor, "genesis has no parent")
	}
	parent, ok := chain.GetHeader(h.ParentHash, h.Number-1)
	if !ok {
		return nil, ruleErrorf(ErrUnknownAncestor, "parent %x", h.ParentHash)
	}
	return parent, nil
}

// verifyHeader is VerifyHeader with the parent given; uncle skips the
// clock check.
func (e *Ethash) verifyHeader(chain ChainHeaderReader, h, parent *ethtypes.Header, uncle bool) error {
	if err := verifyCommon(h, parent, uncle, e.cfg.Now, e.cfg.AllowedFutureTime); err != nil {
		return err
	}
	if want := e.CalcDifficulty(chain, h.Time, parent); !want.Eq(&h.Difficulty) {
		return ruleErrorf(ErrInvalidDifficulty, "have %s, want %s", h.Difficulty.Dec(), want.Dec())
	}
	if e.cfg.HeaderCheck != nil {
		if err := e.cfg.HeaderCheck(h, parent); err != nil {
			return err
		}
	}
	return e.VerifySeal(h)
}

// verifyCommon checks what every engine checks: the extra data size, the
// clock (unless uncle or now is nil), a timestamp above the parent's and
// the number.
func verifyCommon(h, parent *ethtypes.Header, uncle bool, now func() uint64, future uint64) error {
	if len(h.Extra) > MaxExtraDataSize {
		return ruleErrorf(ErrExtraDataTooLong, "%d > %d", len(h.Extra), MaxExtraDataSize)
	}
	if !uncle && now != nil {
		if t := now(); h.Time > t && h.Time-t > future {
			return ruleErrorf(ErrFutureBlock, "timestamp %d, now %d", h.Time, t)
		}
	}
	if h.Time <= parent.Time {
		return ruleErrorf(ErrOlderBlockTime, "%d <= %d", h.Time, parent.Time)
	}
	if h.Number != parent.Number+1 {
		return ruleErrorf(ErrInvalidNumber, "%d, parent %d", h.Number, parent.Number)
	}
	return nil
}

// VerifyUncles checks b's uncles: at most two, each a child of one of b's
// seven previous ancestors other than its parent (so within six
// generations), not included twice (in b or by those ancestors), not an
// ancestor nor b itself, and a valid header on its parent (VerifyHeader's
// checks without the clock). Errors have kinds ErrTooManyUncles,
// ErrDuplicateUncle, ErrUncleIsAncestor, ErrDanglingUncle or a header
// kind.
//
// This method is safe for concurrent access.
func (e *Ethash) VerifyUncles(chain ChainReader, b *ethtypes.Block) error {
	return verifyUncles(chain, b, e.verifyHeader)
}

// CalcDifficulty returns the package-level CalcDifficulty under the
// chain's configuration and Config.BombOff.
//
// This method is safe for concurrent access.
func (e *Ethash) CalcDifficulty(chain ChainHeaderReader, time uint64, parent *ethtypes.Header) *uint256.Int {
	return CalcDifficulty(chain.Config(), e.cfg.BombOff, time, parent)
}

// Prepare sets h.Difficulty from its parent (read from chain) and h.Time.
//
// This method is safe for concurrent access.
func (e *Ethash) Prepare(chain ChainHeaderReader, h *ethtypes.Header) error {
	parent, err := parentOf(chain, h)
	if err != nil {
		return err
	}
	h.Difficulty = *e.CalcDifficulty(chain, h.Time, parent)
	return nil
}

// Finalize credits the rewards of h and its uncles (AccumulateRewards)
// with Config.BlockReward, or BlockReward of the chain's forks.
//
// This method is safe for concurrent access if no two calls share state.
func (e *Ethash) Finalize(chain ChainHeaderReader, h *ethtypes.Header, state StateWriter, uncles []*ethtypes.Header) {
	reward := e.cfg.BlockReward
	if reward == nil {
		reward = BlockReward(chain.Config(), h.Number)
	}
	AccumulateRewards(state, reward, h, uncles)
}
