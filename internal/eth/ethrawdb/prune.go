package ethrawdb

import (
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/rlp"
)

// DefaultStateRetention is the number of recent block states the node
// keeps: the head's and the 127 before it.
const DefaultStateRetention = 128

// pruneBatchNodes is the number of candidates a sweep batch checks and
// deletes at once (the lock writers take is held for one batch).
const pruneBatchNodes = 4096

// PruneStats reports what a Prune did.
type PruneStats struct {
	Roots        int   // retained state roots walked
	Reachable    int   // distinct nodes reachable from them
	Scanned      int   // trie-node keys seen by the sweep
	Deleted      int   // nodes deleted
	DeletedBytes int64 // bytes of deleted node blobs
}

// mark bits: the context in which a node's subtree was walked. A node is
// walked once per context, so that a (practically impossible) node shared
// by a storage trie and the account trie still has its accounts' storage
// walked.
const (
	markStorage uint8 = 1 << iota
	markAccount
)

// Prune deletes every trie node that is not reachable from the given state
// roots (account-trie roots; the storage tries of their accounts are
// followed) — a mark and sweep:
//
//  1. Mark: walk every retained state from its root, decoding each node to
//     find its children (hash references; embedded nodes are walked in
//     place) and, in the account trie, each account's storage root. A
//     missing or undecodable node aborts the prune before anything is
//     deleted.
//  2. Sweep: iterate the database's 32-byte keys (trie nodes, see schema)
//     and delete, in batches, those not marked.
//
// Crash safety: Prune deletes only nodes unreachable from roots, so the
// caller must pass the roots of every state it may reopen at — at least
// the durable head's: call Prune only after the batch that moved the head
// has been written with sync=true, and include the roots of all retained
// blocks (RetainedRoots). A SIGKILL during the sweep leaves some garbage
// nodes behind (collected by the next Prune) but every retained state
// complete; nothing is marked on disk, so there is no state to recover.
//
// Concurrency: blocks may be imported while Prune runs. Every node written
// through this store (PutNode or a BatchNodeWriter) from the start of the
// prune is protected from the sweep, and a node the sweep deletes is
// checked and deleted under the same lock writers take, so a new state
// that re-creates an old node is never damaged. New states must be built
// on retained states (the head or a recent block); a block built on a
// pruned state fails with a missing node. Code is never pruned. Only one
// Prune runs at a time per store (ErrPruneActive otherwise).
//
// Cost: memory proportional to the number of reachable nodes (a map entry
// per node) and one pass over the whole key space.
//
// Every node committed before the call must be reachable from roots or
// be garbage: a state committed between the caller's choice of roots and
// the call is not protected. PruneRetained closes that window by choosing
// the roots itself once protection is on.
//
// This function is safe for concurrent access.
func (s *NodeStore) Prune(roots []trie.Hash) (PruneStats, error) {
	return s.prune(func() ([]trie.Hash, error) { return roots, nil })
}

// PruneRetained prunes every state but those RetainedRoots(head, keep)
// returns, choosing them after the protection of new writes is on, so a
// block imported concurrently (above head) is never damaged. head must be
// the number of a durable head block (see Prune).
//
// This function is safe for concurrent access.
func (s *NodeStore) PruneRetained(head, keep uint64) (PruneStats, error) {
	return s.prune(func() ([]trie.Hash, error) { return s.RetainedRoots(head, keep) })
}

// prune runs a mark and sweep over the roots chooseRoots returns once
// write protection is on.
func (s *NodeStore) prune(chooseRoots func() ([]trie.Hash, error)) (PruneStats, error) {
	var st PruneStats
	s.pmu.Lock()
	if s.pruning {
		s.pmu.Unlock()
		return st, &Error{Err: ErrPruneActive}
	}
	s.pruning, s.fresh = true, make(map[trie.Hash]struct{})
	s.pmu.Unlock()
	defer func() {
		s.pmu.Lock()
		s.pruning, s.fresh = false, nil
		s.pmu.Unlock()
	}()

	roots, err := chooseRoots()
	if err != nil {
		return st, err
	}
	m := &marker{db: s.db, marks: make(map[trie.Hash]uint8)}
	for _, root := range roots {
		if err := m.markTrie(root, markAccount); err != nil {
			return st, err
		}
	}
	st.Roots, st.Reachable = len(roots), len(m.marks)

	it := s.db.NewIterator(nil, nil)
	defer it.Release()
	batch := s.db.NewBatch()
	var pending []sweepCandidate
	for it.Next() {
		k := it.Key()
		if len(k) != nodeKeyLen {
			continue
		}
		st.Scanned++
		h := trie.Hash(k)
		if _, ok := m.marks[h]; ok {
			continue
		}
		pending = append(pending, sweepCandidate{hash: h, size: len(it.Value())})
		if len(pending) >= pruneBatchNodes {
			if err := s.sweep(batch, pending, &st); err != nil {
				return st, err
			}
			pending = pending[:0]
		}
	}
	if err := it.Error(); err != nil {
		return st, readErr(err, "trie nodes")
	}
	if err := s.sweep(batch, pending, &st); err != nil {
		return st, err
	}
	return st, nil
}

// sweepCandidate is an unmarked node seen by the sweep.
type sweepCandidate struct {
	hash trie.Hash
	size int
}

// sweep deletes the candidates not written since the prune began, under
// the protection lock, drops them from the cache and counts them in st.
func (s *NodeStore) sweep(batch kv.Batch, candidates []sweepCandidate, st *PruneStats) error {
	if len(candidates) == 0 {
		return nil
	}
	batch.Reset()
	s.pmu.Lock()
	defer s.pmu.Unlock()
	var n, size int
	for _, c := range candidates {
		if _, ok := s.fresh[c.hash]; ok {
			continue
		}
		if err := batch.Delete(c.hash[:]); err != nil {
			return writeErr(err, "delete trie node")
		}
		n, size = n+1, size+c.size
	}
	if err := batch.Write(false); err != nil {
		return writeErr(err, "prune batch")
	}
	for _, c := range candidates {
		if _, ok := s.fresh[c.hash]; !ok {
			s.cache.remove(c.hash)
		}
	}
	st.Deleted += n
	st.DeletedBytes += int64(size)
	return nil
}

// marker walks tries and records reachable nodes.
type marker struct {
	db    kv.Reader
	marks map[trie.Hash]uint8
}

// markTrie marks the trie with the given root.
func (m *marker) markTrie(root trie.Hash, ctx uint8) error {
	if root == trie.EmptyRoot {
		return nil
	}
	return m.markHash(root, ctx)
}

// markHash marks the node with hash h and everything below it.
func (m *marker) markHash(h trie.Hash, ctx uint8) error {
	if m.marks[h]&ctx != 0 {
		return nil
	}
	blob, err := m.db.Get(h[:])
	if err != nil {
		return readErr(err, "trie node %x while marking", h[:])
	}
	m.marks[h] |= ctx
	if err := m.walkNode(blob, ctx); err != nil {
		return corrupt(err, "trie node %x", h[:])
	}
	return nil
}

// walkNode decodes a node encoding (hashed or embedded) and walks its
// children and, in the account trie, its accounts' storage tries.
func (m *marker) walkNode(enc []byte, ctx uint8) error {
	k, content, err := rlp.Single(enc)
	if err != nil {
		return err
	}
	if k != rlp.KindList {
		return rlp.ErrExpectedList
	}
	n, err := rlp.CountValues(content)
	if err != nil {
		return err
	}
	switch n {
	case 2:
		key, rest, err := rlp.SplitString(content)
		if err != nil {
			return err
		}
		if len(key) == 0 {
			return errFieldLength
		}
		if key[0]>>4 >= 2 { // hex-prefix flag: leaf
			value, _, err := rlp.SplitString(rest)
			if err != nil {
				return err
			}
			return m.leaf(value, ctx)
		}
		return m.walkRef(rest, ctx)
	case 17:
		rest := content
		for range 16 {
			_, _, next, err := rlp.Split(rest)
			if err != nil {
				return err
			}
			if err := m.walkRef(rest[:len(rest)-len(next)], ctx); err != nil {
				return err
			}
			rest = next
		}
		value, _, err := rlp.SplitString(rest)
		if err != nil {
			return err
		}
		if len(value) > 0 {
			return m.leaf(value, ctx)
		}
		return nil
	default:
		return rlp.ErrTooManyElements
	}
}

// walkRef follows a child reference: empty, a 32-byte hash, or an
// embedded node.
func (m *marker) walkRef(ref []byte, ctx uint8) error {
	k, content, _, err := rlp.Split(ref)
	if err != nil {
		return err
	}
	if k == rlp.KindList {
		if len(ref) >= hashLen { // only nodes shorter than a hash are embedded
			return errFieldLength
		}
		return m.walkNode(ref, ctx)
	}
	switch len(content) {
	case 0:
		return nil
	case hashLen:
		return m.markHash(trie.Hash(content), ctx)
	default:
		return errFieldLength
	}
}

// leaf handles a leaf value: in the account trie, an account whose storage
// trie is walked.
func (m *marker) leaf(value []byte, ctx uint8) error {
	if ctx != markAccount {
		return nil
	}
	r := rlp.NewListReader(value)
	r.Uint64()
	r.Uint256()
	root := r.Bytes()
	code := r.Bytes()
	if err := r.Finish(); err != nil {
		return err
	}
	if len(root) != hashLen || len(code) != hashLen {
		return errFieldLength
	}
	return m.markTrie(trie.Hash(root), markStorage)
}

// RetainedRoots returns the distinct state roots of every stored header —
// canonical or not — numbered from head-keep+1 (or 0) to head whose state
// is present: the roots to pass to Prune to keep the most recent keep
// states and the recent side chains a reorg may need.
//
// This function is safe for concurrent access.
func (s *NodeStore) RetainedRoots(head, keep uint64) ([]trie.Hash, error) {
	from := uint64(0)
	if keep > 0 && head+1 > keep {
		from = head + 1 - keep
	}
	seen := make(map[trie.Hash]struct{})
	var roots []trie.Hash
	for num := from; num <= head; num++ {
		prefix := append(append([]byte{}, headerPrefix...), encodeBlockNumber(num)...)
		it := s.db.NewIterator(prefix, nil)
		for it.Next() {
			if len(it.Key()) != headerKeyLen {
				continue
			}
			h, err := ethtypes.DecodeHeader(it.Value())
			if err != nil {
				it.Release()
				return nil, corrupt(err, "header #%d", num)
			}
			root := trie.Hash(h.Root)
			if _, ok := seen[root]; ok {
				continue
			}
			ok, err := s.HasState(root)
			if err != nil {
				it.Release()
				return nil, err
			}
			if ok {
				seen[root] = struct{}{}
				roots = append(roots, root)
			}
		}
		err := it.Error()
		it.Release()
		if err != nil {
			return nil, readErr(err, "headers #%d", num)
		}
	}
	return roots, nil
}
