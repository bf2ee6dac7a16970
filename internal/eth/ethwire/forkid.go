package ethwire

import (
	"encoding/binary"
	"hash/crc32"
	"slices"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// timestampThreshold tells a fork timestamp from a fork block number in a
// remote FORK_NEXT: values above it are timestamps (it is mainnet's genesis
// time; no chain reaches that block number). geth uses the same rule.
const timestampThreshold = 1438269973

// ForkSchedule is a chain's EIP-2124 fork schedule: the block-numbered and
// then the timestamped fork points, each sorted and deduplicated, without
// the forks already active at genesis (block 0, or a time not after the
// genesis time), and the checksum after each. Build it once with
// NewForkSchedule; it is immutable and safe for concurrent use.
type ForkSchedule struct {
	blocks []uint64
	times  []uint64
	// sums[i] is the checksum after the first i forks (blocks, then
	// times); sums[0] is CRC32(genesis).
	sums [][4]byte
}

// NewForkSchedule gathers the fork points of cfg: the block forks
// (Homestead, the DAO fork, Tangerine Whistle, Spurious Dragon's two
// EIPs, Byzantium, Constantinople, Petersburg, Istanbul, Muir Glacier,
// Berlin, London, Arrow Glacier, Gray Glacier, the merge netsplit block)
// and the time forks (Shanghai, Cancun). A fork scheduled at block 0 or at
// or before genesisTime is part of the genesis rules, not a fork.
//
// This function is safe for concurrent access.
func NewForkSchedule(cfg *ethparams.ChainConfig, genesis ethtypes.Hash, genesisTime uint64) *ForkSchedule {
	s := new(ForkSchedule)
	for _, b := range []*uint64{
		cfg.HomesteadBlock, cfg.DAOForkBlock, cfg.EIP150Block, cfg.EIP155Block, cfg.EIP158Block,
		cfg.ByzantiumBlock, cfg.ConstantinopleBlock, cfg.PetersburgBlock, cfg.IstanbulBlock,
		cfg.MuirGlacierBlock, cfg.BerlinBlock, cfg.LondonBlock, cfg.ArrowGlacierBlock,
		cfg.GrayGlacierBlock, cfg.MergeNetsplitBlock,
	} {
		if b != nil && *b > 0 {
			s.blocks = append(s.blocks, *b)
		}
	}
	for _, t := range []*uint64{cfg.ShanghaiTime, cfg.CancunTime} {
		if t != nil && *t > genesisTime {
			s.times = append(s.times, *t)
		}
	}
	slices.Sort(s.blocks)
	s.blocks = slices.Compact(s.blocks)
	slices.Sort(s.times)
	s.times = slices.Compact(s.times)

	h := crc32.ChecksumIEEE(genesis[:])
	s.sums = make([][4]byte, 0, len(s.blocks)+len(s.times)+1)
	s.sums = append(s.sums, sumBytes(h))
	for _, f := range s.blocks {
		h = crcUpdate(h, f)
		s.sums = append(s.sums, sumBytes(h))
	}
	for _, f := range s.times {
		h = crcUpdate(h, f)
		s.sums = append(s.sums, sumBytes(h))
	}
	return s
}

func crcUpdate(h uint32, fork uint64) uint32 {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], fork)
	return crc32.Update(h, crc32.IEEETable, b[:])
}

func sumBytes(h uint32) (b [4]byte) {
	binary.BigEndian.PutUint32(b[:], h)
	return b
}

// Forks returns the block and time fork points (copies).
func (s *ForkSchedule) Forks() (blocks, times []uint64) {
	return slices.Clone(s.blocks), slices.Clone(s.times)
}

// ID returns the fork id of a node whose head block has number head and
// timestamp time.
//
// This method is safe for concurrent access.
func (s *ForkSchedule) ID(head, time uint64) ForkID {
	for i, f := range s.blocks {
		if f > head {
			return ForkID{Hash: s.sums[i], Next: f}
		}
	}
	for i, f := range s.times {
		if f > time {
			return ForkID{Hash: s.sums[len(s.blocks)+i], Next: f}
		}
	}
	return ForkID{Hash: s.sums[len(s.sums)-1]}
}

// NewForkID returns the fork id of a node on the chain cfg with genesis
// hash genesis (whose timestamp is genesisTime) and head block number head
// at timestamp time. For repeated use build a ForkSchedule.
//
// This function is safe for concurrent access.
func NewForkID(cfg *ethparams.ChainConfig, genesis ethtypes.Hash, genesisTime, head, time uint64) ForkID {
	return NewForkSchedule(cfg, genesis, genesisTime).ID(head, time)
}

// Validate checks a remote fork id against ours at head (block number and
// timestamp), by EIP-2124's rules:
//
//  1. same checksum as ours now: accept, unless the remote announces a
//     next fork we already passed without knowing it (1a:
//     ErrLocalIncompatibleOrStale);
//  2. the checksum of one of our past states: accept when the remote's next
//     fork is the one that followed that state, else ErrRemoteStale (the
//     remote needs an update);
//  3. the checksum of one of our future states: accept (we are syncing);
//  4. otherwise ErrLocalIncompatibleOrStale.
//
// This method is safe for concurrent access.
func (s *ForkSchedule) Validate(id ForkID, head, time uint64) error {
	nb := len(s.blocks)
	n := nb + len(s.times)
	// i is the index of the first fork not passed (n: all passed).
	i := 0
	for i < n {
		if i < nb {
			if head < s.blocks[i] {
				break
			}
		} else if time < s.times[i-nb] {
			break
		}
		i++
	}
	if s.sums[i] == id.Hash {
		if id.Next > 0 && (head >= id.Next || (id.Next > timestampThreshold && time >= id.Next)) {
			return ErrLocalIncompatibleOrStale
		}
		return nil
	}
	for j := 0; j < i; j++ {
		if s.sums[j] == id.Hash {
			if s.fork(j) != id.Next {
				return ErrRemoteStale
			}
			return nil
		}
	}
	for j := i + 1; j <= n; j++ {
		if s.sums[j] == id.Hash {
			return nil
		}
	}
	return ErrLocalIncompatibleOrStale
}

// fork returns the j-th fork point (blocks, then times).
func (s *ForkSchedule) fork(j int) uint64 {
	if j < len(s.blocks) {
		return s.blocks[j]
	}
	return s.times[j-len(s.blocks)]
}
