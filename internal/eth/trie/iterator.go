package trie

// Ordered key lookups. Keys compare as byte strings; on nibble paths this
// means the terminator (the end of a key) sorts before every nibble, so a
// branch's value comes before its children.

// rank orders nibbles with the terminator first.
func rank(nibble byte) int { return (int(nibble) + 1) % 17 }

// slotsByRank lists a branch's slots in key order: the value, then 0-15.
var slotsByRank = [17]byte{16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}

// NextKey returns the smallest key greater than key and its value; found is
// false when there is none.
//
// This function is not safe for concurrent access.
func (t *Trie) NextKey(key []byte) (next, value []byte, found bool, err error) {
	return t.seek(key, true, false)
}

// PrevKey returns the largest key less than key and its value; found is
// false when there is none.
//
// This function is not safe for concurrent access.
func (t *Trie) PrevKey(key []byte) (prev, value []byte, found bool, err error) {
	return t.seek(key, false, false)
}

// seek finds the closest key after (forward) or before target; with
// inclusive, target itself qualifies.
func (t *Trie) seek(target []byte, forward, inclusive bool) ([]byte, []byte, bool, error) {
	s := seeker{t: t, target: keybytesToHex(target), forward: forward, inclusive: inclusive}
	n, err := s.resolveRoot()
	if err != nil {
		return nil, nil, false, err
	}
	path, v, err := s.walk(n, 0)
	if err != nil || v == nil {
		return nil, nil, false, err
	}
	return hexToKeybytes(path), v, true, nil
}

type seeker struct {
	t         *Trie
	target    []byte // nibbles with terminator
	forward   bool
	inclusive bool
}

func (s *seeker) resolveRoot() (node, error) {
	if h, ok := s.t.root.(hashNode); ok {
		r, err := s.t.resolveHash(h, nil)
		if err != nil {
			return nil, err
		}
		s.t.root = r
	}
	return s.t.root, nil
}

// child returns *slot with any hash node loaded (and cached in place).
func (s *seeker) child(slot *node, path []byte) (node, error) {
	if h, ok := (*slot).(hashNode); ok {
		r, err := s.t.resolveHash(h, path)
		if err != nil {
			return nil, err
		}
		*slot = r
	}
	return *slot, nil
}

// walk follows the target below n, whose path is target[:pos], and returns
// the path and value of the closest qualifying key in n's subtree (a nil
// value when there is none).
func (s *seeker) walk(n node, pos int) ([]byte, []byte, error) {
	switch n := n.(type) {
	case nil:
		return nil, nil, nil
	case valueNode:
		// The key equals the target.
		if s.inclusive {
			return append([]byte(nil), s.target...), n, nil
		}
		return nil, nil, nil
	case *shortNode:
		rest := s.target[pos:]
		for i, nib := range n.key {
			if i >= len(rest) || nib != rest[i] {
				beyond := i >= len(rest) || rank(nib) > rank(rest[i])
				if beyond == s.forward {
					// The whole subtree lies on the wanted side.
					return s.edge(n, append([]byte(nil), s.target[:pos]...))
				}
				return nil, nil, nil
			}
		}
		pos += len(n.key)
		val, err := s.child(&n.val, s.target[:pos])
		if err != nil {
			return nil, nil, err
		}
		return s.walk(val, pos)
	case *fullNode:
		c := s.target[pos]
		child, err := s.child(&n.children[c], s.target[:pos+1])
		if err != nil {
			return nil, nil, err
		}
		path, v, err := s.walk(child, pos+1)
		if err != nil || v != nil {
			return path, v, err
		}
		r := rank(c)
		if s.forward {
			for _, slot := range slotsByRank[r+1:] {
				if n.children[slot] != nil {
					return s.edgeSlot(n, slot, pos)
				}
			}
		} else {
			for j := r - 1; j >= 0; j-- {
				if slot := slotsByRank[j]; n.children[slot] != nil {
					return s.edgeSlot(n, slot, pos)
				}
			}
		}
		return nil, nil, nil
	}
	return nil, nil, invalidNode("unexpected node type %T", n)
}

// edgeSlot returns the edge key of branch slot under target[:pos].
func (s *seeker) edgeSlot(n *fullNode, slot byte, pos int) ([]byte, []byte, error) {
	path := append(append([]byte(nil), s.target[:pos]...), slot)
	child, err := s.child(&n.children[slot], path)
	if err != nil {
		return nil, nil, err
	}
	if v, ok := child.(valueNode); ok {
		return path, v, nil
	}
	return s.edge(child, path)
}

// edge returns the smallest (forward) or largest key in the subtree n at
// path.
func (s *seeker) edge(n node, path []byte) ([]byte, []byte, error) {
	for {
		switch nn := n.(type) {
		case valueNode:
			return path, nn, nil
		case *shortNode:
			path = append(path, nn.key...)
			child, err := s.child(&nn.val, path)
			if err != nil {
				return nil, nil, err
			}
			n = child
		case *fullNode:
			var slot byte = 17
			if s.forward {
				for _, sl := range slotsByRank {
					if nn.children[sl] != nil {
						slot = sl
						break
					}
				}
			} else {
				for j := 16; j >= 0; j-- {
					if sl := slotsByRank[j]; nn.children[sl] != nil {
						slot = sl
						break
					}
				}
			}
			if slot == 17 {
				return nil, nil, invalidNode("empty branch")
			}
			path = append(path, slot)
			child, err := s.child(&nn.children[slot], path)
			if err != nil {
				return nil, nil, err
			}
			n = child
		default:
			return nil, nil, invalidNode("unexpected node type %T", n)
		}
	}
}

// Iterator walks the keys of a trie in increasing order. Each step looks
// the next key up from the root (O(depth)), so changing the trie between
// steps is allowed: the iterator continues after the last key it returned.
//
//	it := t.NewIterator(nil)
//	for it.Next() {
//		use(it.Key(), it.Value())
//	}
//	if err := it.Err(); err != nil { ... }
//
// An Iterator is not safe for concurrent use, nor is its trie while it runs.
type Iterator struct {
	t          *Trie
	start      []byte
	key, value []byte
	started    bool
	err        error
}

// NewIterator returns an iterator over the keys greater than or equal to
// start (all keys for a nil start).
//
// This function is not safe for concurrent access.
func (t *Trie) NewIterator(start []byte) *Iterator {
	return &Iterator{t: t, start: append([]byte(nil), start...)}
}

// Next advances to the next key and reports whether there is one. It
// returns false at the end or on error (see Err).
func (it *Iterator) Next() bool {
	if it.err != nil {
		return false
	}
	var (
		k, v  []byte
		found bool
	)
	if !it.started {
		it.started = true
		k, v, found, it.err = it.t.seek(it.start, true, true)
	} else {
		if it.key == nil {
			return false
		}
		k, v, found, it.err = it.t.NextKey(it.key)
	}
	if !found {
		it.key, it.value = nil, nil
		return false
	}
	it.key, it.value = k, v
	return true
}

// Key returns the current key.
func (it *Iterator) Key() []byte { return it.key }

// Value returns the current value (aliasing the trie's memory).
func (it *Iterator) Value() []byte { return it.value }

// Err returns the error that stopped the iteration, if any.
func (it *Iterator) Err() error { return it.err }
