package ethpeer

import (
	"encoding/binary"
	"sync"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// knownSet remembers recently seen hashes in two generations of 64-bit
// keys, each at most half the configured size: when the current generation
// fills, the older one is forgotten, so memory stays bounded and the most
// recent hashes are always remembered. Keccak hashes are uniform, so the
// first eight bytes are a good key; a collision only suppresses one
// announcement.
type knownSet struct {
	mu   sync.Mutex
	cur  map[uint64]struct{}
	old  map[uint64]struct{}
	half int
}

func newKnownSet(size int) *knownSet {
	half := max(size/2, 1)
	return &knownSet{cur: make(map[uint64]struct{}), old: make(map[uint64]struct{}), half: half}
}

func hashKey(h *ethtypes.Hash) uint64 { return binary.LittleEndian.Uint64(h[:8]) }

func (s *knownSet) addLocked(h *ethtypes.Hash) {
	k := hashKey(h)
	if _, ok := s.cur[k]; ok {
		return
	}
	if len(s.cur) >= s.half {
		s.old = s.cur
		s.cur = make(map[uint64]struct{}, s.half)
	}
	s.cur[k] = struct{}{}
}

func (s *knownSet) add(hs ...ethtypes.Hash) {
	s.mu.Lock()
	for i := range hs {
		s.addLocked(&hs[i])
	}
	s.mu.Unlock()
}

func (s *knownSet) contains(h ethtypes.Hash) bool {
	k := hashKey(&h)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cur[k]; ok {
		return true
	}
	_, ok := s.old[k]
	return ok
}

func (s *knownSet) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.cur) + len(s.old)
}
