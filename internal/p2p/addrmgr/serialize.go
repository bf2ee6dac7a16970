package addrmgr

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math"
)

// peers.dat layout (Core's SerializeFileDB("peers", AddrMan)):
//
//	magic          [4]byte   network message start, passed by the caller
//	format         uint8     4 (Core's V4_MULTIPORT); 0-3 are read too (before 3,
//	                         addresses use the 16-byte pre-BIP155 form; before
//	                         2 there is no asmap checksum; before 1 the
//	                         bucket count is not XORed)
//	compat         uint8     32 + lowest compatible format (36 written)
//	key            [32]byte  secret bucketing key
//	nNew           int32     entries in the new table
//	nTried         int32     entries in the tried table
//	newBuckets     int32     1024 XOR 2^30
//	new entries    nNew × entry
//	tried entries  nTried × entry
//	buckets        newBuckets × (int32 count, count × int32 index into new entries)
//	asmapChecksum  [32]byte  zero (no asmap)
//	checksum       [32]byte  SHA256d of everything above, magic included
//
// entry (Core's AddrInfo on disk, CAddress in ADDRV2 disk form):
//
//	version     uint32     220000 | 1<<29 (low 19 bits ignored; bit 29 = addrv2)
//	time        uint32     last seen, unix seconds
//	services    compact    (uint64 LE when bit 29 is clear)
//	address     uint8 BIP155 network id, compact length, bytes (16-byte v1 form without bit 29)
//	port        uint16 BE
//	source      uint8 network id, compact length, bytes
//	lastSuccess int64
//	attempts    int32
const (
	formatDeterministic = 1
	formatAsmap         = 2
	formatBIP155        = 3
	formatMultiport     = 4
	fileFormat          = formatMultiport
	incompatBase        = 32

	diskVersionInit   = 220000
	diskVersionIgnore = 0x7FFFF
	diskVersionAddrV2 = 1 << 29

	maxAddrV2Size = 512

	// MaxFileSize bounds the peers.dat this package reads; a full table
	// serializes to well under 10 MB.
	MaxFileSize = 64 << 20
)

func appendCompact(b []byte, v uint64) []byte {
	switch {
	case v < 0xfd:
		return append(b, byte(v))
	case v <= 0xffff:
		return binary.LittleEndian.AppendUint16(append(b, 0xfd), uint16(v))
	case v <= 0xffffffff:
		return binary.LittleEndian.AppendUint32(append(b, 0xfe), uint32(v))
	}
	return binary.LittleEndian.AppendUint64(append(b, 0xff), v)
}

func appendNetAddr(b []byte, a Addr) []byte {
	if a.net == 0 {
		a = Addr{net: NetIPv6}
	}
	b = append(b, byte(a.net))
	b = appendCompact(b, uint64(a.net.addrLen()))
	return append(b, a.raw()...)
}

func appendEntry(b []byte, e *entry) []byte {
	b = binary.LittleEndian.AppendUint32(b, diskVersionInit|diskVersionAddrV2)
	b = binary.LittleEndian.AppendUint32(b, uint32(min(max(e.time, 0), math.MaxUint32)))
	b = appendCompact(b, e.services)
	b = appendNetAddr(b, e.addr)
	b = binary.BigEndian.AppendUint16(b, e.addr.port)
	b = appendNetAddr(b, e.source)
	b = binary.LittleEndian.AppendUint64(b, uint64(e.lastSuccess))
	return binary.LittleEndian.AppendUint32(b, uint32(e.attempts))
}

// Serialize returns the manager in peers.dat form, opened by magic (the
// network's message start) and closed by the SHA256d checksum.
//
// This function is safe for concurrent access.
func (m *Manager) Serialize(magic [4]byte) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := make([]byte, 0, 64+len(m.random)*64+NewBucketCount*4+m.nNew*8)
	b = append(b, magic[:]...)
	b = append(b, fileFormat, incompatBase+formatMultiport)
	b = append(b, m.key[:]...)
	b = binary.LittleEndian.AppendUint32(b, uint32(m.nNew))
	b = binary.LittleEndian.AppendUint32(b, uint32(m.nTried))
	b = binary.LittleEndian.AppendUint32(b, NewBucketCount^(1<<30))
	index := make([]int32, len(m.entries))
	n := int32(0)
	for id := range m.entries {
		e := &m.entries[id]
		if e.used && e.refCount > 0 {
			index[id] = n
			n++
			b = appendEntry(b, e)
		}
	}
	for id := range m.entries {
		e := &m.entries[id]
		if e.used && e.inTried {
			b = appendEntry(b, e)
		}
	}
	for bucket := range m.newTbl {
		cnt := 0
		for _, id := range m.newTbl[bucket] {
			if id != -1 {
				cnt++
			}
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(cnt))
		for _, id := range m.newTbl[bucket] {
			if id != -1 {
				b = binary.LittleEndian.AppendUint32(b, uint32(index[id]))
			}
		}
	}
	var asmap [32]byte
	b = append(b, asmap[:]...)
	sum := sha256d(b)
	return append(b, sum[:]...)
}

func sha256d(b []byte) [32]byte {
	h := sha256.Sum256(b)
	return sha256.Sum256(h[:])
}

// reader is a bounds-checked cursor; the first failure sticks.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail(kind ErrorKind, format string, args ...any) {
	if r.err == nil {
		r.err = makeError(kind, format, args...)
	}
}

func (r *reader) take(n int, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || len(r.b)-r.off < n {
		r.fail(ErrTruncated, "peers.dat truncated reading %s at offset %d", what, r.off)
		return nil
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) u8(what string) uint8 {
	if s := r.take(1, what); s != nil {
		return s[0]
	}
	return 0
}

func (r *reader) u16be(what string) uint16 {
	if s := r.take(2, what); s != nil {
		return binary.BigEndian.Uint16(s)
	}
	return 0
}

func (r *reader) u32(what string) uint32 {
	if s := r.take(4, what); s != nil {
		return binary.LittleEndian.Uint32(s)
	}
	return 0
}

func (r *reader) u64(what string) uint64 {
	if s := r.take(8, what); s != nil {
		return binary.LittleEndian.Uint64(s)
	}
	return 0
}

// compact reads a canonical compact size.
func (r *reader) compact(what string) uint64 {
	v := uint64(r.u8(what))
	var floor uint64
	switch v {
	case 0xfd:
		if s := r.take(2, what); s != nil {
			v, floor = uint64(binary.LittleEndian.Uint16(s)), 0xfd
		}
	case 0xfe:
		if s := r.take(4, what); s != nil {
			v, floor = uint64(binary.LittleEndian.Uint32(s)), 0x10000
		}
	case 0xff:
		v, floor = r.u64(what), 0x100000000
	}
	if r.err == nil && v < floor {
		r.fail(ErrCorrupt, "non-canonical compact size reading %s at offset %d", what, r.off)
	}
	return v
}

// netAddrV2 reads a BIP155 address. Structural errors (oversized, wrong
// length for a known network) fail the read as Core's exceptions do;
// unknown networks and TorV2 give ok=false (an invalid address Core drops).
func (r *reader) netAddrV2(what string) (a Addr, ok bool) {
	id := Network(r.u8(what))
	size := r.compact(what)
	if r.err != nil {
		return Addr{}, false
	}
	if size > maxAddrV2Size {
		r.fail(ErrCorrupt, "%s: address too long (%d bytes)", what, size)
		return Addr{}, false
	}
	raw := r.take(int(size), what)
	if r.err != nil {
		return Addr{}, false
	}
	if id == 3 { // TorV2: obsolete, dropped
		if size != 10 {
			r.fail(ErrCorrupt, "%s: BIP155 TORv2 address with length %d (should be 10)", what, size)
		}
		return Addr{}, false
	}
	want := id.addrLen()
	if want == 0 {
		return Addr{}, false // unknown network: skipped
	}
	if int(size) != want {
		r.fail(ErrCorrupt, "%s: BIP155 %s address with length %d (should be %d)", what, id, size, want)
		return Addr{}, false
	}
	a = Addr{net: id}
	copy(a.b[:], raw)
	return a, true
}

// netAddrV1 reads a 16-byte pre-BIP155 address.
func (r *reader) netAddrV1(what string) (Addr, bool) {
	raw := r.take(16, what)
	if raw == nil {
		return Addr{}, false
	}
	switch {
	case bytes.HasPrefix(raw, []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}):
		a := Addr{net: NetIPv4}
		copy(a.b[:], raw[12:])
		return a, true
	case bytes.HasPrefix(raw, []byte{0xfd, 0x87, 0xd8, 0x7e, 0xeb, 0x43}), // TorV2
		bytes.HasPrefix(raw, []byte{0xfd, 0x6b, 0x88, 0xc0, 0x87, 0x24}): // internal
		return Addr{}, false
	}
	a := Addr{net: NetIPv6}
	copy(a.b[:], raw)
	return a, true
}

// entry reads one AddrInfo; ok is false for an address to drop.
func (r *reader) entry(e *entry, v2stream bool) (ok bool) {
	ver := r.u32("address version")
	if r.err == nil && ver&^diskVersionIgnore != 0 && ver&^diskVersionIgnore != diskVersionAddrV2 {
		r.fail(ErrCorrupt, "unsupported CAddress disk format version %#x at offset %d", ver, r.off)
	}
	v2 := ver&diskVersionAddrV2 != 0
	e.time = int64(r.u32("address time"))
	if v2 {
		e.services = r.compact("services")
		e.addr, ok = r.netAddrV2("address")
	} else {
		e.services = r.u64("services")
		e.addr, ok = r.netAddrV1("address")
	}
	e.addr.port = r.u16be("port")
	var sok bool
	if v2stream {
		e.source, sok = r.netAddrV2("source")
	} else {
		e.source, sok = r.netAddrV1("source")
	}
	if !sok {
		e.source = Addr{net: NetIPv6}
	}
	e.lastSuccess = min(max(int64(r.u64("last success")), 0), math.MaxUint32*16)
	e.attempts = max(int32(r.u32("attempts")), 0)
	return ok && r.err == nil && e.addr.IsValid()
}

// decode fills the empty manager m from peers.dat bytes, applying Core's
// clean-ups: invalid, duplicate and unplaceable entries are dropped.
func (m *Manager) decode(data []byte, magic [4]byte) error {
	if len(data) > MaxFileSize {
		return makeError(ErrCorrupt, "peers.dat is %d bytes, more than the %d allowed", len(data), MaxFileSize)
	}
	r := &reader{b: data}
	if got := r.take(4, "magic"); got != nil && !bytes.Equal(got, magic[:]) {
		return makeError(ErrWrongMagic, "peers.dat: invalid network magic number %x (want %x)", got, magic)
	}
	format := r.u8("format")
	compat := r.u8("compatibility")
	if r.err != nil {
		return r.err
	}
	if compat < incompatBase {
		return makeError(ErrCorrupt, "corrupted peers.dat: compatibility value %d is below the minimum %d", compat, incompatBase)
	}
	if compat-incompatBase > fileFormat {
		return makeError(ErrUnsupportedVersion, "peers.dat format %d needs a reader of format >= %d; this one reads %d",
			format, int(compat)-incompatBase, fileFormat)
	}
	v2 := format >= formatBIP155
	copy(m.key[:], r.take(32, "key"))
	nNew := int32(r.u32("nNew"))
	nTried := int32(r.u32("nTried"))
	nBuckets := int32(r.u32("bucket count"))
	if format >= formatDeterministic {
		nBuckets ^= 1 << 30
	}
	if r.err != nil {
		return r.err
	}
	if nNew < 0 || nNew > MaxNew {
		return makeError(ErrCorrupt, "corrupt peers.dat: nNew=%d, should be in [0, %d]", nNew, MaxNew)
	}
	if nTried < 0 || nTried > MaxTried {
		return makeError(ErrCorrupt, "corrupt peers.dat: nTried=%d, should be in [0, %d]", nTried, MaxTried)
	}
	// A bucket count other than 1024 makes the entries re-bucketed by their
	// source (Core does the same); a negative one lists no buckets. Each
	// listed bucket costs at least 4 bytes, so the file length bounds the
	// work.
	nBuckets = max(nBuckets, 0)

	// New entries, referenced by index from the bucket section.
	newIDs := make([]int32, 0, min(int(nNew), len(data)/32))
	for range nNew {
		var e entry
		ok := r.entry(&e, v2)
		if r.err != nil {
			return r.err
		}
		if _, dup := m.byAddr[e.addr]; !ok || dup {
			newIDs = append(newIDs, -1)
			continue
		}
		id := m.create(e.address(), e.source)
		ne := &m.entries[id]
		ne.lastSuccess, ne.attempts = e.lastSuccess, e.attempts
		newIDs = append(newIDs, id)
	}
	// Tried entries go to their computed slot; collisions are lost.
	for range nTried {
		var e entry
		ok := r.entry(&e, v2)
		if r.err != nil {
			return r.err
		}
		if _, dup := m.byAddr[e.addr]; !ok || dup {
			continue
		}
		bucket := triedBucket(&m.key, e.addr)
		pos := bucketPosition(&m.key, false, bucket, e.addr)
		if m.triedTbl[bucket][pos] != -1 {
			continue
		}
		id := m.create(e.address(), e.source)
		ne := &m.entries[id]
		ne.lastSuccess, ne.attempts = e.lastSuccess, e.attempts
		m.nNew--
		m.count(e.addr.net).nNew--
		ne.inTried = true
		m.triedTbl[bucket][pos] = id
		m.nTried++
		m.count(e.addr.net).nTried++
	}
	// Bucket section: a first pass checks its shape, the second (after the
	// checksum) places the entries.
	bucketStart := r.off
	for bucket := range nBuckets {
		cnt := int32(r.u32("bucket size"))
		if r.err != nil {
			return r.err
		}
		if cnt < 0 || cnt > BucketSize {
			return makeError(ErrCorrupt, "corrupt peers.dat: new bucket %d holds %d entries", bucket, cnt)
		}
		r.take(int(cnt)*4, "bucket entries")
	}
	bucketEnd := r.off
	asmap := make([]byte, 32)
	if format >= formatAsmap {
		asmap = r.take(32, "asmap checksum")
	}
	body := r.off
	sum := r.take(32, "checksum")
	if r.err != nil {
		return r.err
	}
	if want := sha256d(data[:body]); !bytes.Equal(sum, want[:]) {
		return makeError(ErrChecksum, "peers.dat: checksum mismatch, data corrupted")
	}
	restore := nBuckets == NewBucketCount && bytes.Equal(asmap, make([]byte, 32))
	br := &reader{b: data[:bucketEnd], off: bucketStart}
	for bucket := range int(nBuckets) {
		cnt := int(br.u32("bucket size"))
		for range cnt {
			idx := int32(br.u32("bucket entry"))
			if idx < 0 || idx >= int32(len(newIDs)) || newIDs[idx] < 0 {
				continue
			}
			id := newIDs[idx]
			e := &m.entries[id]
			if e.refCount >= newBucketsPerAddress {
				continue
			}
			b := bucket
			pos := bucketPosition(&m.key, true, b, e.addr)
			if !restore || m.newTbl[b][pos] != -1 {
				b = newBucket(&m.key, e.addr, e.source)
				pos = bucketPosition(&m.key, true, b, e.addr)
				if m.newTbl[b][pos] != -1 {
					continue
				}
			}
			m.newTbl[b][pos] = id
			e.refCount++
		}
	}
	// Drop new entries that found no slot.
	for _, id := range newIDs {
		if id >= 0 && m.entries[id].refCount == 0 {
			m.delete(id)
		}
	}
	return nil
}

// Load returns a manager read from peers.dat bytes whose magic must be
// magic. A malformed input fails with ErrWrongMagic, ErrTruncated,
// ErrChecksum, ErrUnsupportedVersion or ErrCorrupt, and no manager.
func Load(data []byte, magic [4]byte, cfg Config) (*Manager, error) {
	m := New(cfg)
	if err := m.decode(data, magic); err != nil {
		return nil, err
	}
	return m, nil
}
