package mining

import (
	"bytes"
	"container/heap"
	"slices"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// blockFullEnoughWeightDelta is Core's BLOCK_FULL_ENOUGH_WEIGHT_DELTA: the
// search may stop after many failures once the block is this close to
// full.
const blockFullEnoughWeightDelta = 4000

// selection is the outcome of package selection.
type selection struct {
	txs    []*mempool.MiningEntry // block order, parents first
	weight int64                  // including the reserved weight
	sigOps int64                  // including the coinbase reserve
}

// pkgState is an entry's ancestor package still outside the block: the
// pool's ancestor figures minus those of ancestors already selected (Core's
// CTxMemPoolModifiedEntry).
type pkgState struct {
	size, fees, sigOps int64
}

// assembler is the state of one selectPackages run.
type assembler struct {
	entries  []mempool.MiningEntry
	children [][]int32
	inBlock  []bool
	failed   []bool
	mod      []pkgState
	modHeap  modHeap
	// scratch
	stack []int32
	seen  []uint32
	epoch uint32
}

// better reports whether package a (own modified fee fa over size sa,
// package fee pa over size pz) has a higher ancestor score than b: Core's
// CompareTxMemPoolEntryByAncestorFee, the lower of the transaction's own
// fee rate and its package's, ties broken by the smaller txid.
func (s *assembler) better(a int32, ap pkgState, b int32, bp pkgState) bool {
	af, as := scoreOf(&s.entries[a], ap)
	bf, bs := scoreOf(&s.entries[b], bp)
	l, r := af*bs, bf*as
	if l == r {
		return bytes.Compare(s.entries[a].TxID[:], s.entries[b].TxID[:]) < 0
	}
	return l > r
}

func scoreOf(e *mempool.MiningEntry, p pkgState) (fee, size float64) {
	f1 := float64(e.ModifiedFee) * float64(p.size)
	f2 := float64(p.fees) * float64(e.VSize)
	if f1 > f2 {
		return float64(p.fees), float64(p.size)
	}
	return float64(e.ModifiedFee), float64(e.VSize)
}

func poolState(e *mempool.MiningEntry) pkgState {
	return pkgState{size: e.AncestorSize, fees: e.AncestorFees, sigOps: e.AncestorSigOps}
}

// selectPackages is Core's addPackageTxs: walk the pool by ancestor score,
// alongside the packages whose ancestors were already selected (re-scored
// without them), and add each package that fits the weight and sigop
// limits and whose transactions are final at height with lock-time cutoff
// mtp, parents first. It stops at the first package below -blockmintxfee,
// or after 1,000 consecutive misfits once the block is nearly full.
func (g *Generator) selectPackages(height int32, mtp int64) selection {
	cfg := &g.cfg
	sel := selection{weight: cfg.BlockReservedWeight, sigOps: coinbaseSigOpsReserve}
	if cfg.Source == nil {
		return sel
	}
	entries := cfg.Source.MiningEntries()
	n := len(entries)
	if n == 0 {
		return sel
	}
	s := &assembler{
		entries:  entries,
		children: make([][]int32, n),
		inBlock:  make([]bool, n),
		failed:   make([]bool, n),
		mod:      make([]pkgState, n),
		seen:     make([]uint32, n),
	}
	s.modHeap = modHeap{s: s, pos: make([]int32, n)}
	for i := range s.modHeap.pos {
		s.modHeap.pos[i] = -1
	}
	for i := range entries {
		for _, p := range entries[i].Parents {
			s.children[p] = append(s.children[p], int32(i))
		}
	}
	sorted := make([]int32, n)
	for i := range sorted {
		sorted[i] = int32(i)
	}
	// The pool's ancestor scores, computed once for the sort.
	scores := make([][2]float64, n)
	for i := range entries {
		f, sz := scoreOf(&entries[i], poolState(&entries[i]))
		scores[i] = [2]float64{f, sz}
	}
	slices.SortFunc(sorted, func(a, b int32) int {
		l, r := scores[a][0]*scores[b][1], scores[b][0]*scores[a][1]
		switch {
		case l > r:
			return -1
		case l < r:
			return 1
		}
		return bytes.Compare(entries[a].TxID[:], entries[b].TxID[:])
	})

	maxWeight := cfg.BlockMaxWeight
	consecutiveFailed := 0
	var pkg []int32
	for mi := 0; mi < n || s.modHeap.Len() > 0; {
		if mi < n {
			i := sorted[mi]
			if s.inBlock[i] || s.failed[i] || s.modHeap.pos[i] >= 0 {
				mi++
				continue
			}
		}
		var iter int32
		fromMod := false
		switch {
		case mi >= n:
			iter, fromMod = s.modHeap.idx[0], true
		case s.modHeap.Len() > 0 && s.better(s.modHeap.idx[0], s.mod[s.modHeap.idx[0]], sorted[mi], poolState(&entries[sorted[mi]])):
			iter, fromMod = s.modHeap.idx[0], true
		default:
			iter = sorted[mi]
			mi++
		}
		st := poolState(&entries[iter])
		if fromMod {
			st = s.mod[iter]
		}
		if st.fees < cfg.BlockMinTxFee.Fee(st.size) {
			break // everything else pays less
		}
		fail := func() {
			if fromMod {
				heap.Remove(&s.modHeap, int(s.modHeap.pos[iter]))
				s.failed[iter] = true
			}
		}
		if sel.weight+primitives.WitnessScaleFactor*st.size >= maxWeight ||
			sel.sigOps+st.sigOps >= consensus.MaxBlockSigOpsCost {
			fail()
			consecutiveFailed++
			if consecutiveFailed > maxConsecutiveFailures && sel.weight > maxWeight-blockFullEnoughWeightDelta {
				break
			}
			continue
		}
		pkg = s.packageOf(iter, pkg[:0])
		final := true
		for _, j := range pkg {
			if !consensus.IsFinalTx(entries[j].Tx, height, mtp) {
				final = false
				break
			}
		}
		if !final {
			fail()
			continue
		}
		consecutiveFailed = 0
		// Core's SortForBlock: by ancestor count, which puts parents first.
		slices.SortFunc(pkg, func(a, b int32) int {
			ea, eb := &entries[a], &entries[b]
			if ea.AncestorCount != eb.AncestorCount {
				return int(ea.AncestorCount - eb.AncestorCount)
			}
			return bytes.Compare(ea.TxID[:], eb.TxID[:])
		})
		for _, j := range pkg {
			e := &entries[j]
			s.inBlock[j] = true
			if p := s.modHeap.pos[j]; p >= 0 {
				heap.Remove(&s.modHeap, int(p))
			}
			sel.txs = append(sel.txs, e)
			sel.weight += e.Weight
			sel.sigOps += e.SigOpCost
		}
		for _, j := range pkg {
			s.updateDescendants(j)
		}
	}
	return sel
}

// packageOf appends iter and its ancestors not yet in the block to dst.
func (s *assembler) packageOf(iter int32, dst []int32) []int32 {
	s.epoch++
	s.stack = append(s.stack[:0], iter)
	s.seen[iter] = s.epoch
	for len(s.stack) > 0 {
		x := s.stack[len(s.stack)-1]
		s.stack = s.stack[:len(s.stack)-1]
		dst = append(dst, x)
		for _, p := range s.entries[x].Parents {
			if !s.inBlock[p] && s.seen[p] != s.epoch {
				s.seen[p] = s.epoch
				s.stack = append(s.stack, p)
			}
		}
	}
	return dst
}

// updateDescendants is Core's UpdatePackagesForAdded for one added
// transaction: every descendant outside the block loses it from its
// package and is (re)scored in the modified set.
func (s *assembler) updateDescendants(added int32) {
	if len(s.children[added]) == 0 {
		return
	}
	e := &s.entries[added]
	s.epoch++
	s.stack = append(s.stack[:0], s.children[added]...)
	for _, c := range s.children[added] {
		s.seen[c] = s.epoch
	}
	for len(s.stack) > 0 {
		d := s.stack[len(s.stack)-1]
		s.stack = s.stack[:len(s.stack)-1]
		for _, c := range s.children[d] {
			if s.seen[c] != s.epoch {
				s.seen[c] = s.epoch
				s.stack = append(s.stack, c)
			}
		}
		if s.inBlock[d] {
			continue
		}
		if s.modHeap.pos[d] < 0 {
			s.mod[d] = poolState(&s.entries[d])
			s.mod[d].size -= e.VSize
			s.mod[d].fees -= e.ModifiedFee
			s.mod[d].sigOps -= e.SigOpCost
			heap.Push(&s.modHeap, d)
			continue
		}
		s.mod[d].size -= e.VSize
		s.mod[d].fees -= e.ModifiedFee
		s.mod[d].sigOps -= e.SigOpCost
		heap.Fix(&s.modHeap, int(s.modHeap.pos[d]))
	}
}

// modHeap is the modified-package set ordered by ancestor score, best at
// the top, with each entry's position for Fix and Remove.
type modHeap struct {
	s   *assembler
	idx []int32
	pos []int32
}

func (h *modHeap) Len() int { return len(h.idx) }
func (h *modHeap) Less(i, j int) bool {
	a, b := h.idx[i], h.idx[j]
	return h.s.better(a, h.s.mod[a], b, h.s.mod[b])
}
func (h *modHeap) Swap(i, j int) {
	h.idx[i], h.idx[j] = h.idx[j], h.idx[i]
	h.pos[h.idx[i]] = int32(i)
	h.pos[h.idx[j]] = int32(j)
}
func (h *modHeap) Push(x any) {
	v := x.(int32)
	h.pos[v] = int32(len(h.idx))
	h.idx = append(h.idx, v)
}
func (h *modHeap) Pop() any {
	v := h.idx[len(h.idx)-1]
	h.idx = h.idx[:len(h.idx)-1]
	h.pos[v] = -1
	return v
}
