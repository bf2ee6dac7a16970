package evm

import (
	"math/bits"
	"sync"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// A basic block is a run of instructions that is entered only at its first
// instruction and, barring errors, runs to its last: it starts at the code's
// start, at every JUMPDEST and after every instruction that ends a block
// (halts, jumps, or reads the gas left, see flagReadsGas), and it ends
// before an instruction the fork does not define.
//
// The fast loop charges a block's constant gas and checks its stack bounds
// once on entry. That is equivalent to checking per instruction: nothing in
// a block can end the frame successfully before its last instruction, so if
// the block's total cost is not covered the frame runs out of gas inside the
// block anyway, and whatever happened before is reverted with the frame.
// When an entry check fails, the exact loop takes over from the block's
// start to find the very error geth would report.
type block struct {
	gas      uint64 // constant gas of all the block's instructions
	end      uint32 // offset just past the last instruction
	next     uint32 // index of the block starting at end
	stackMin uint16 // stack items needed on entry
	stackMax uint16 // largest stack length on entry that cannot overflow
	invalid  bool   // code[end] is an undefined instruction
}

// codeAnalysis is what the interpreter knows of a piece of code under one
// fork: its valid jump destinations and basic blocks. It is immutable and
// shared through a Cache.
type codeAnalysis struct {
	jumpdests []uint64 // bit i: offset i is a JUMPDEST instruction
	starts    []uint64 // bit i: a block starts at offset i
	rank      []uint32 // rank[w]: number of block starts before word w
	blocks    []block
}

func (a *codeAnalysis) isJumpdest(pc uint64) bool {
	return a.jumpdests[pc/64]&(1<<(pc%64)) != 0
}

// blockIndex returns the index of the block starting at pc (a block start).
func (a *codeAnalysis) blockIndex(pc uint64) uint {
	w := pc / 64
	return uint(a.rank[w]) + uint(bits.OnesCount64(a.starts[w]&(1<<(pc%64)-1)))
}

// blockAt returns the block containing pc.
func (a *codeAnalysis) blockAt(pc uint64) *block {
	w := pc / 64
	n := uint(a.rank[w]) + uint(bits.OnesCount64(a.starts[w]&(2<<(pc%64)-1)))
	return &a.blocks[n-1]
}

// rawBlock is a block as the first pass of analyse sees it, with its stack
// requirements relative to its entry height.
type rawBlock struct {
	gas     uint64
	end     int
	need    int  // items needed on entry
	peak    int  // highest height reached, relative to entry
	h       int  // height change over the block
	invalid bool // code[end] is an undefined instruction
}

// analyse computes the analysis of code for the instruction set jt.
//
// A block that ends only because a JUMPDEST follows is charged together
// with the blocks it runs into, up to the first that ends for another
// reason: whether entered by a jump or by falling through, each block of
// such a run covers the rest of the run, so that falling into a JUMPDEST
// costs no entry check.
func analyse(code []byte, jt *jumpTable) *codeAnalysis {
	n := len(code)
	words := n/64 + 1
	buf := make([]uint64, 2*words)
	a := &codeAnalysis{
		jumpdests: buf[:words:words],
		starts:    buf[words:],
		rank:      make([]uint32, words),
		blocks:    make([]block, 0, n/16+2),
	}
	var (
		info   = &jt.info
		runBuf [16]rawBlock
		run    = runBuf[:0] // blocks of the current run that fall into the next
		start  int          // offset of the current block's first instruction
		gas    uint64       // constant gas of the current block so far
		h      int          // stack height relative to the block's entry
		need   int          // items needed on entry
		peak   int          // highest relative height
	)
	// A new block starts at 0 and wherever one ends (when code is left).
	if n > 0 {
		a.starts[0] = 1
	}
	for pc := 0; pc < n; {
		op := code[pc]
		o := info[op]
		if o.flags&(flagJumpdest|flagUndefined) != 0 {
			if o.flags&flagJumpdest != 0 {
				a.jumpdests[pc/64] |= 1 << (pc % 64)
				if pc != start {
					run = append(run, rawBlock{gas: gas, end: pc, need: need, peak: peak, h: h})
					a.starts[pc/64] |= 1 << (pc % 64)
					start, gas, h, need, peak = pc, 0, 0, 0, 0
				}
			} else {
				if len(run) == 0 {
					a.blocks = append(a.blocks, newBlock(gas, pc, need, peak, true, len(a.blocks)+1))
				} else {
					run = a.endRun(run, rawBlock{gas: gas, end: pc, need: need, peak: peak, h: h, invalid: true})
				}
				pc++
				if pc < n {
					a.starts[pc/64] |= 1 << (pc % 64)
				}
				start, gas, h, need, peak = pc, 0, 0, 0, 0
				continue
			}
		}
		need = max(need, int(o.pops)-h)
		h += int(o.pushes) - int(o.pops)
		peak = max(peak, h)
		gas += uint64(o.gas)
		pc += 1 + int(o.immediate)
		if o.flags&flagEndsBlock != 0 {
			if len(run) == 0 {
				a.blocks = append(a.blocks, newBlock(gas, pc, need, peak, false, len(a.blocks)+1))
			} else {
				run = a.endRun(run, rawBlock{gas: gas, end: pc, need: need, peak: peak, h: h})
			}
			if pc < n {
				a.starts[pc/64] |= 1 << (pc % 64)
			}
			start, gas, h, need, peak = pc, 0, 0, 0, 0
		}
	}
	if start < n {
		a.endRun(run, rawBlock{gas: gas, end: n, need: need, peak: peak, h: h})
	}
	var rk uint32
	for w := range a.rank {
		a.rank[w] = rk
		rk += uint32(bits.OnesCount64(a.starts[w]))
	}
	return a
}

// endRun appends the blocks of run, which fall into one another, and last,
// the block that ends the run, each covering the rest of the run. It
// returns run emptied.
func (a *codeAnalysis) endRun(run []rawBlock, last rawBlock) []rawBlock {
	next := len(a.blocks) + len(run) + 1
	x := last
	for i := len(run) - 1; i >= 0; i-- {
		r := &run[i]
		r.need = max(r.need, x.need-r.h)
		r.peak = max(r.peak, r.h+x.peak)
		r.h += x.h
		r.gas += x.gas
		r.end, r.invalid = x.end, x.invalid
		x = *r
	}
	for i := range run {
		a.blocks = append(a.blocks, newBlock(run[i].gas, run[i].end, run[i].need, run[i].peak, run[i].invalid, next))
	}
	a.blocks = append(a.blocks, newBlock(last.gas, last.end, last.need, last.peak, last.invalid, next))
	return run[:0]
}

// newBlock makes the block ending at end, followed by block next, from the
// accumulated constant gas and stack requirements.
func newBlock(gas uint64, end, need, peak int, invalid bool, next int) block {
	lo, hi := need, stackLimit-peak
	if lo > stackLimit || hi < 0 {
		lo, hi = 1, 0 // the block can never run: every entry check fails
	}
	return block{gas: gas, end: uint32(end), next: uint32(next), stackMin: uint16(lo), stackMax: uint16(hi), invalid: invalid}
}

// restGas returns the constant gas of the instructions after the one at pc
// up to the end of its block: what the fast loop charged in advance.
func (a *codeAnalysis) restGas(code []byte, jt *jumpTable, pc uint64) uint64 {
	end := uint64(a.blockAt(pc).end)
	var gas uint64
	for p := pc + 1 + uint64(jt.info[code[pc]].immediate); p < end; {
		o := jt.info[code[p]]
		gas += uint64(o.gas)
		p += 1 + uint64(o.immediate)
	}
	return gas
}

// Cache holds what EVMs can share: code analyses by code hash and fork, so
// that contracts that run again are not analysed again, and a pool of
// frames (each with its 1024-item stack and memory buffer), so that calls
// do not allocate them. A node shares one Cache between all its EVMs. It is
// safe for concurrent use.
type Cache struct {
	mu  sync.Mutex
	m   map[analysisKey]*codeAnalysis
	max int

	frames sync.Pool
}

type analysisKey struct {
	hash ethtypes.Hash
	fork Fork
}

// NewCache returns a cache holding up to maxAnalyses code analyses (at
// least one); beyond that an arbitrary entry is dropped for each new one.
//
// This function is safe for concurrent access.
func NewCache(maxAnalyses int) *Cache {
	if maxAnalyses < 1 {
		maxAnalyses = 1
	}
	return &Cache{m: make(map[analysisKey]*codeAnalysis), max: maxAnalyses}
}

// Len returns the number of cached analyses.
//
// This function is safe for concurrent access.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

func (c *Cache) get(k analysisKey) *codeAnalysis {
	c.mu.Lock()
	a := c.m[k]
	c.mu.Unlock()
	return a
}

func (c *Cache) put(k analysisKey, a *codeAnalysis) {
	c.mu.Lock()
	if len(c.m) >= c.max {
		for old := range c.m {
			delete(c.m, old)
			break
		}
	}
	c.m[k] = a
	c.mu.Unlock()
}

// maxPooledMemory is the largest memory buffer a pooled frame keeps.
const maxPooledMemory = 64 << 20

// getFrame returns a frame from the pool (its stack holds garbage, which is
// never read: every slot is written before it is read).
func (c *Cache) getFrame() *Frame {
	if f, ok := c.frames.Get().(*Frame); ok {
		return f
	}
	return new(Frame)
}

// putFrame returns f to the pool, dropping its references.
func (c *Cache) putFrame(f *Frame) {
	f.code, f.an, f.input, f.returnData, f.ret, f.evm = nil, nil, nil, nil, nil, nil
	if cap(f.mem.store) > maxPooledMemory {
		f.mem.store = nil
	}
	c.frames.Put(f)
}

// codeAnalysis returns the analysis of code, cached when its hash is known
// (code whose hash is zero, init code of CREATE, is analysed afresh).
func (evm *EVM) codeAnalysis(code []byte, codeHash ethtypes.Hash) *codeAnalysis {
	if codeHash == (ethtypes.Hash{}) {
		return analyse(code, evm.table)
	}
	k := analysisKey{hash: codeHash, fork: evm.table.fork}
	if a := evm.cache.get(k); a != nil {
		return a
	}
	a := analyse(code, evm.table)
	evm.cache.put(k, a)
	return a
}
