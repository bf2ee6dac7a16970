package mempool

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/twinchain/twinchain/internal/fsutil"
	"os"
	"slices"
	"time"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// mempool.dat, as Bitcoin Core's kernel/mempool_persist.cpp writes it:
//
//	version   uint64 LE   1 (no obfuscation) or 2
//	key       vector      version 2 only: compact size (8) + 8 key bytes
//	-- from here on every byte at file offset o is XORed with key[o % 8] --
//	count     uint64 LE   number of entries
//	entries   count ×     transaction (witness serialization),
//	                      entry time int64 LE (unix seconds),
//	                      fee delta int64 LE (prioritisetransaction)
//	deltas    map         compact size n, n × (txid 32 bytes, int64 LE delta)
//	unbroadcast set       compact size n, n × txid (32 bytes)
//
// Entries are written parents first.
const (
	mempoolDumpVersionNoXor = 1
	mempoolDumpVersion      = 2
	xorKeySize              = 8
)

// ErrBadMempoolFile is wrapped by the errors ReadMempoolDat returns for a
// malformed file.
var ErrBadMempoolFile = errors.New("mempool: malformed mempool.dat")

// PersistedTx is one entry of mempool.dat.
type PersistedTx struct {
	Tx       *primitives.Tx
	Time     int64 // unix seconds
	FeeDelta int64
}

// MempoolDat is the decoded content of mempool.dat.
type MempoolDat struct {
	Version     uint64
	Txs         []PersistedTx
	FeeDeltas   map[chainhash.Hash]int64
	Unbroadcast []chainhash.Hash
}

// AppendMempoolDat appends d in mempool.dat's format: version 2 with key
// (version 1 ignores the key and writes no obfuscation).
//
// This function is safe for concurrent access.
func AppendMempoolDat(b []byte, d *MempoolDat, key [xorKeySize]byte) []byte {
	start := len(b)
	version := d.Version
	if version != mempoolDumpVersionNoXor {
		version = mempoolDumpVersion
	}
	b = binary.LittleEndian.AppendUint64(b, version)
	if version == mempoolDumpVersionNoXor {
		key = [xorKeySize]byte{}
	} else {
		b = primitives.AppendCompactSize(b, xorKeySize)
		b = append(b, key[:]...)
	}
	body := len(b)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(d.Txs)))
	for _, t := range d.Txs {
		b = t.Tx.AppendTo(b)
		b = binary.LittleEndian.AppendUint64(b, uint64(t.Time))
		b = binary.LittleEndian.AppendUint64(b, uint64(t.FeeDelta))
	}
	deltas := make([]chainhash.Hash, 0, len(d.FeeDeltas))
	for h := range d.FeeDeltas {
		deltas = append(deltas, h)
	}
	slices.SortFunc(deltas, func(x, y chainhash.Hash) int { return slices.Compare(x[:], y[:]) })
	b = primitives.AppendCompactSize(b, uint64(len(deltas)))
	for _, h := range deltas {
		b = append(b, h[:]...)
		b = binary.LittleEndian.AppendUint64(b, uint64(d.FeeDeltas[h]))
	}
	b = primitives.AppendCompactSize(b, uint64(len(d.Unbroadcast)))
	for _, h := range d.Unbroadcast {
		b = append(b, h[:]...)
	}
	xorAt(b[body:], key, body-start)
	return b
}

// xorAt XORs b, which starts at file offset off, with key.
func xorAt(b []byte, key [xorKeySize]byte, off int) {
	if key == ([xorKeySize]byte{}) {
		return
	}
	for i := range b {
		b[i] ^= key[(off+i)%xorKeySize]
	}
}

// ReadMempoolDat decodes a mempool.dat file of version 1 or 2. Counts are
// checked against the bytes present before anything is allocated for them.
//
// This function is safe for concurrent access.
func ReadMempoolDat(file []byte) (*MempoolDat, error) {
	fail := func(what string) (*MempoolDat, error) {
		return nil, fmt.Errorf("%w: %s", ErrBadMempoolFile, what)
	}
	if len(file) < 8 {
		return fail("short header")
	}
	d := &MempoolDat{Version: binary.LittleEndian.Uint64(file)}
	off := 8
	var key [xorKeySize]byte
	switch d.Version {
	case mempoolDumpVersionNoXor:
	case mempoolDumpVersion:
		n, k, err := primitives.ReadCompactSize(file[off:])
		if err != nil || n != xorKeySize || len(file) < off+k+xorKeySize {
			return fail("bad obfuscation key")
		}
		off += k
		copy(key[:], file[off:])
		off += xorKeySize
	default:
		return fail(fmt.Sprintf("unknown version %d", d.Version))
	}
	b := slices.Clone(file[off:])
	xorAt(b, key, off)
	pos := 0
	u64 := func() (uint64, bool) {
		if len(b)-pos < 8 {
			return 0, false
		}
		v := binary.LittleEndian.Uint64(b[pos:])
		pos += 8
		return v, true
	}
	count, ok := u64()
	if !ok {
		return fail("short count")
	}
	// A transaction takes at least 60 bytes, plus 16 for time and delta.
	if count > uint64(len(b)-pos)/76 {
		return fail("count exceeds file size")
	}
	d.Txs = make([]PersistedTx, 0, count)
	for range count {
		tx, n, err := primitives.DecodeTxPrefix(b[pos:])
		if err != nil {
			return fail("transaction: " + err.Error())
		}
		pos += n
		t, ok1 := u64()
		delta, ok2 := u64()
		if !ok1 || !ok2 {
			return fail("short entry")
		}
		d.Txs = append(d.Txs, PersistedTx{Tx: tx, Time: int64(t), FeeDelta: int64(delta)})
	}
	n, k, err := primitives.ReadCompactSize(b[pos:])
	if err != nil || n > uint64(len(b)-pos-k)/40 {
		return fail("bad fee delta map")
	}
	pos += k
	d.FeeDeltas = make(map[chainhash.Hash]int64, n)
	for range n {
		var h chainhash.Hash
		copy(h[:], b[pos:])
		d.FeeDeltas[h] = int64(binary.LittleEndian.Uint64(b[pos+32:]))
		pos += 40
	}
	n, k, err = primitives.ReadCompactSize(b[pos:])
	if err != nil || n > uint64(len(b)-pos-k)/32 {
		return fail("bad unbroadcast set")
	}
	pos += k
	for range n {
		var h chainhash.Hash
		copy(h[:], b[pos:])
		d.Unbroadcast = append(d.Unbroadcast, h)
		pos += 32
	}
	if pos != len(b) {
		return fail("trailing data")
	}
	return d, nil
}

// Snapshot returns the pool's content as mempool.dat holds it, parents
// before children.
//
// This function is safe for concurrent access.
func (p *Pool) Snapshot() *MempoolDat {
	p.mu.RLock()
	defer p.mu.RUnlock()
	entries := make([]*entry, 0, len(p.byTxid))
	for _, e := range p.byTxid {
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(x, y *entry) int {
		if x.ancCount != y.ancCount {
			return int(x.ancCount - y.ancCount)
		}
		if x.time != y.time {
			return int(x.time - y.time)
		}
		return slices.Compare(x.txid[:], y.txid[:])
	})
	d := &MempoolDat{Version: mempoolDumpVersion, Txs: make([]PersistedTx, len(entries))}
	for i, e := range entries {
		d.Txs[i] = PersistedTx{Tx: e.tx, Time: e.time, FeeDelta: p.deltas[e.txid]}
	}
	// Deltas of transactions not in the pool go to the map section, as
	// Core's DumpMempool writes them.
	for h, delta := range p.deltas {
		if _, ok := p.byTxid[h]; ok {
			continue
		}
		if d.FeeDeltas == nil {
			d.FeeDeltas = make(map[chainhash.Hash]int64)
		}
		d.FeeDeltas[h] = delta
	}
	return d
}

// DumpFile writes the pool to path in mempool.dat version 2 with a fresh
// random obfuscation key, through a synced temporary file renamed into place,
// as Core's DumpMempool does.
//
// This function is safe for concurrent access.
func (p *Pool) DumpFile(path string) error {
	var key [xorKeySize]byte
	_, _ = rand.Read(key[:]) // never fails (Go 1.24+)
	return fsutil.WriteFileAtomic(path, AppendMempoolDat(nil, p.Snapshot(), key), 0o600)
}

// LoadStats counts the outcome of Load.
type LoadStats struct {
	Accepted, Failed, Expired, AlreadyThere int
}

// Load accepts the transactions of d (Core's LoadMempool): entries older
// than the expiry are skipped, the others go through AcceptTransaction
// keeping their original entry time, each with its fee delta applied first
// (PrioritiseTransaction); the deltas of the map section are applied after
// the transactions.
//
// This function is safe for concurrent access.
func (p *Pool) Load(d *MempoolDat) LoadStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	var st LoadStats
	cutoff := p.now() - int64(p.cfg.Expiry/time.Second)
	for _, t := range d.Txs {
		if t.Time < cutoff {
			st.Expired++
			continue
		}
		txid := t.Tx.TxHash()
		if t.FeeDelta != 0 {
			p.prioritiseLocked(txid, t.FeeDelta)
		}
		if _, ok := p.byTxid[txid]; ok {
			st.AlreadyThere++
			continue
		}
		if _, err := p.accept(t.Tx, acceptOpts{entryTime: max(t.Time, 1)}); err != nil {
			st.Failed++
			continue
		}
		st.Accepted++
	}
	for h, delta := range d.FeeDeltas {
		p.prioritiseLocked(h, delta)
	}
	return st
}

// LoadFile reads path and loads it; a missing file loads nothing.
//
// This function is safe for concurrent access.
func (p *Pool) LoadFile(path string) (LoadStats, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return LoadStats{}, nil
	}
	if err != nil {
		return LoadStats{}, err
	}
	d, err := ReadMempoolDat(b)
	if err != nil {
		return LoadStats{}, err
	}
	return p.Load(d), nil
}
