package addrmgr

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var (
	regtestMagic = [4]byte{0xfa, 0xbf, 0xb5, 0xda}
	mainMagic    = [4]byte{0xf9, 0xbe, 0xb4, 0xd9}
)

// mockFile builds an entry-less peers.dat the way Core's functional test
// feature_addrman.py does (serialize_addrman), with its knobs.
type mockFile struct {
	format, lowestCompat uint8
	magic                [4]byte
	nNew, nTried         int32
	badChecksum          bool
}

func (f mockFile) bytes() []byte {
	b := append([]byte(nil), f.magic[:]...)
	b = append(b, f.format, 32+f.lowestCompat)
	key := [32]byte{1}
	b = append(b, key[:]...)
	b = binary.LittleEndian.AppendUint32(b, uint32(f.nNew))
	b = binary.LittleEndian.AppendUint32(b, uint32(f.nTried))
	b = binary.LittleEndian.AppendUint32(b, 1024^(1<<30))
	for range 1024 {
		b = binary.LittleEndian.AppendUint32(b, 0)
	}
	if f.format >= 2 {
		b = append(b, make([]byte, 32)...) // asmap checksum
	}
	sum := sha256d(b)
	if f.badChecksum {
		sum[0] ^= 1
	}
	return append(b, sum[:]...)
}

func defaultMock() mockFile { return mockFile{format: 1, lowestCompat: 4, magic: regtestMagic} }

func TestLoadCoreMockedFiles(t *testing.T) {
	tests := []struct {
		name string
		edit func(*mockFile)
		want error
	}{
		{"valid empty", func(*mockFile) {}, nil},
		{"format 4", func(f *mockFile) { f.format = 4 }, nil},
		{"bad checksum", func(f *mockFile) { f.badChecksum = true }, ErrChecksum},
		{"negative nNew", func(f *mockFile) { f.nNew = -1 }, ErrCorrupt},
		{"nNew too big", func(f *mockFile) { f.nNew = MaxNew + 1 }, ErrCorrupt},
		{"negative nTried", func(f *mockFile) { f.nTried = -1 }, ErrCorrupt},
		{"nTried too big", func(f *mockFile) { f.nTried = MaxTried + 1 }, ErrCorrupt},
		{"entries missing", func(f *mockFile) { f.nNew = 5 }, ErrCorrupt}, // the bucket section read as entries
		{"wrong magic", func(f *mockFile) { f.magic = mainMagic }, ErrWrongMagic},
		{"incompatible", func(f *mockFile) { f.lowestCompat = 111 }, ErrUnsupportedVersion},
		{"format 5 readable by 4", func(f *mockFile) { f.format = 5 }, nil},
		{"compat below base", func(f *mockFile) { f.lowestCompat = 240 }, ErrCorrupt}, // 32+240 wraps to 16
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := defaultMock()
			tc.edit(&f)
			m, err := Load(f.bytes(), regtestMagic, Config{Rand: newSeeded(2)})
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if m.Size(0, TableAll) != 0 || m.Key() != [32]byte{1} {
					t.Fatal("wrong content")
				}
				return
			}
			if !errors.Is(err, tc.want) || m != nil {
				t.Fatalf("Load = %v, want %v", err, tc.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Description == "" {
				t.Fatalf("error %v is not a described *Error", err)
			}
		})
	}
}

func TestLoadTruncated(t *testing.T) {
	data := populated(t).Serialize(regtestMagic)
	for _, n := range []int{0, 3, 4, 5, 6, 20, 38, 45, 46, 100, len(data) / 2, len(data) - 33, len(data) - 1} {
		if _, err := Load(data[:n], regtestMagic, Config{}); !errors.Is(err, ErrTruncated) {
			t.Errorf("truncated to %d: %v, want ErrTruncated", n, err)
		}
	}
	// Trailing bytes after the checksum are ignored, as Core does.
	if _, err := Load(append(append([]byte(nil), data...), 1, 2, 3), regtestMagic, Config{}); err != nil {
		t.Errorf("trailing bytes: %v", err)
	}
}

// populated returns a manager with entries of every network in both
// tables, with failures, services and several references.
func populated(t testing.TB) *Manager {
	t.Helper()
	m, clk := newDeterministic(t)
	now := clk.Now()
	var addrs []Address
	for i := range 300 {
		addrs = append(addrs, Address{Addr: ip4(t, fmt.Sprintf("%d.%d.7.1", 1+i%200, i%256), 8333), Services: uint64(i), Time: now.Add(-time.Duration(i) * time.Minute)})
	}
	for i := range 20 {
		addrs = append(addrs, Address{Addr: ip4(t, fmt.Sprintf("2a01:%x::1", i), 18333), Services: 1, Time: now})
		raw := bytes.Repeat([]byte{byte(i + 1)}, 32)
		tor, _ := NewAddr(NetTorV3, raw, 9050)
		i2p, _ := NewAddr(NetI2P, raw, 0)
		cj := bytes.Repeat([]byte{byte(i + 1)}, 16)
		cj[0] = 0xfc
		cjd, _ := NewAddr(NetCJDNS, cj, 8333)
		addrs = append(addrs, Address{Addr: tor, Time: now}, Address{Addr: i2p, Time: now}, Address{Addr: cjd, Time: now})
	}
	for s := range 5 {
		m.Add(addrs, ip4(t, fmt.Sprintf("%d.1.2.3", 100+s), 0), time.Hour)
		clk.Add(time.Hour)
	}
	for i, a := range addrs {
		switch i % 5 {
		case 0:
			m.Good(a.Addr)
		case 1:
			m.Attempt(a.Addr, true)
		}
	}
	if m.Size(0, TableTried) == 0 || m.Size(0, TableNew) == 0 {
		t.Fatal("population failed")
	}
	return m
}

// snapshot lists every address with its info and table slots.
func snapshot(m *Manager) map[Addr]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[Addr]string{}
	for b := range m.newTbl {
		for p, id := range m.newTbl[b] {
			if id != -1 {
				out[m.entries[id].addr] += fmt.Sprintf("N%d/%d ", b, p)
			}
		}
	}
	for b := range m.triedTbl {
		for p, id := range m.triedTbl[b] {
			if id != -1 {
				out[m.entries[id].addr] += fmt.Sprintf("T%d/%d ", b, p)
			}
		}
	}
	for a := range out {
		e := m.entries[m.byAddr[a]]
		out[a] += fmt.Sprintf("%v %d %d %d %d %d %v", e.source, e.services, e.time, e.lastSuccess, e.attempts, e.refCount, e.inTried)
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	m := populated(t)
	data := m.Serialize(regtestMagic)
	m2, err := Load(data, regtestMagic, Config{Rand: newSeeded(9)})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	checkInvariants(t, m2)
	if m2.Key() != m.Key() {
		t.Fatal("key not restored")
	}
	s1, s2 := snapshot(m), snapshot(m2)
	if len(s1) != len(s2) {
		t.Fatalf("%d entries, reloaded %d", len(s1), len(s2))
	}
	for a, v := range s1 {
		if s2[a] != v {
			t.Fatalf("%v: %q, reloaded %q", a, v, s2[a])
		}
	}
	for _, net := range []Network{0, NetIPv4, NetIPv6, NetTorV3, NetI2P, NetCJDNS} {
		for _, tb := range []Table{TableNew, TableTried} {
			if m.Size(net, tb) != m2.Size(net, tb) {
				t.Errorf("Size(%v,%d) %d, reloaded %d", net, tb, m.Size(net, tb), m2.Size(net, tb))
			}
		}
	}
	if again := m2.Serialize(regtestMagic); !bytes.Equal(again, data) {
		t.Error("re-serialization differs")
	}
	t.Logf("%d new + %d tried entries, %d bytes", m.Size(0, TableNew), m.Size(0, TableTried), len(data))
}

// handEntry encodes one AddrInfo field by field, independently of the
// package's encoder, following Core's layout.
func handEntry(ip [4]byte, port uint16, src [4]byte, tm uint32, services byte, lastSuccess int64, attempts int32) []byte {
	var b []byte
	b = binary.LittleEndian.AppendUint32(b, 220000|1<<29)
	b = binary.LittleEndian.AppendUint32(b, tm)
	b = append(b, services) // compact size
	b = append(b, 1, 4)     // BIP155 IPv4, length 4
	b = append(b, ip[:]...) //
	b = binary.BigEndian.AppendUint16(b, port)
	b = append(b, 1, 4)
	b = append(b, src[:]...)
	b = binary.LittleEndian.AppendUint64(b, uint64(lastSuccess))
	return binary.LittleEndian.AppendUint32(b, uint32(attempts))
}

// handFile assembles a format-4 peers.dat with the given new entries all
// listed in bucket (and tried entries), as Core lays it out.
func handFile(key [32]byte, news [][]byte, tried [][]byte, refs map[int][]int32, nBuckets int32) []byte {
	b := append([]byte(nil), regtestMagic[:]...)
	b = append(b, 4, 36)
	b = append(b, key[:]...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(news)))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(tried)))
	b = binary.LittleEndian.AppendUint32(b, uint32(nBuckets^(1<<30)))
	for _, e := range news {
		b = append(b, e...)
	}
	for _, e := range tried {
		b = append(b, e...)
	}
	for bucket := range int(nBuckets) {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(refs[bucket])))
		for _, idx := range refs[bucket] {
			b = binary.LittleEndian.AppendUint32(b, uint32(idx))
		}
	}
	b = append(b, make([]byte, 32)...)
	sum := sha256d(b)
	return append(b, sum[:]...)
}

func TestLoadHandBuilt(t *testing.T) {
	key := coreKey(7)
	a := AddrFromIP(ip4(t, "250.1.2.1", 0).mustIP(), 8333)
	src := ip4(t, "250.3.3.3", 0)
	bucket := newBucket(&key, a, src)
	e1 := handEntry([4]byte{250, 1, 2, 1}, 8333, [4]byte{250, 3, 3, 3}, 1_700_000_000, 9, 1_699_000_000, 2)
	tr := handEntry([4]byte{251, 1, 1, 1}, 8333, [4]byte{250, 3, 3, 3}, 1_700_000_001, 1, 1_700_000_000, 0)
	dupInvalid := handEntry([4]byte{0, 0, 0, 0}, 8333, [4]byte{250, 3, 3, 3}, 1, 0, 0, 0)
	tests := []struct {
		name       string
		news       [][]byte
		tried      [][]byte
		refs       map[int][]int32
		nBuckets   int32
		wantNew    int
		wantTried  int
		wantBucket int
	}{
		{"one new in its bucket", [][]byte{e1}, nil, map[int][]int32{bucket: {0}}, 1024, 1, 0, bucket},
		{"new and tried", [][]byte{e1}, [][]byte{tr}, map[int][]int32{bucket: {0}}, 1024, 1, 1, bucket},
		{"listed in another bucket", [][]byte{e1}, nil, map[int][]int32{5: {0}}, 1024, 1, 0, 5},
		{"unreferenced new is dropped", [][]byte{e1}, nil, nil, 1024, 0, 0, -1},
		{"bad index is dropped", [][]byte{e1}, nil, map[int][]int32{bucket: {0, 7, -1}}, 1024, 1, 0, bucket},
		{"duplicate entry kept once", [][]byte{e1, e1}, nil, map[int][]int32{bucket: {0, 1}}, 1024, 1, 0, bucket},
		{"invalid address dropped", [][]byte{dupInvalid, e1}, nil, map[int][]int32{bucket: {0, 1}}, 1024, 1, 0, bucket},
		{"tried duplicate of new dropped", [][]byte{e1}, [][]byte{e1}, map[int][]int32{bucket: {0}}, 1024, 1, 0, bucket},
		{"other bucket count rebuckets", [][]byte{e1}, nil, map[int][]int32{3: {0}}, 16, 1, 0, bucket},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := handFile(key, tc.news, tc.tried, tc.refs, tc.nBuckets)
			m, err := Load(data, regtestMagic, Config{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			checkInvariants(t, m)
			if m.Size(0, TableNew) != tc.wantNew || m.Size(0, TableTried) != tc.wantTried {
				t.Fatalf("sizes %d/%d, want %d/%d", m.Size(0, TableNew), m.Size(0, TableTried), tc.wantNew, tc.wantTried)
			}
			if tc.wantBucket < 0 {
				return
			}
			info, ok := m.Lookup(a)
			if !ok {
				t.Fatal("entry missing")
			}
			want := Info{Address: Address{Addr: a, Services: 9, Time: time.Unix(1_700_000_000, 0)},
				Source: src, LastSuccess: time.Unix(1_699_000_000, 0), Attempts: 2, RefCount: 1}
			if info != want {
				t.Fatalf("info %+v, want %+v", info, want)
			}
			pos := bucketPosition(&key, true, tc.wantBucket, a)
			m.mu.Lock()
			got := m.newTbl[tc.wantBucket][pos]
			m.mu.Unlock()
			if got == -1 {
				t.Fatalf("not in bucket %d", tc.wantBucket)
			}
		})
	}
	// Structural errors.
	bad := map[string][]byte{
		"oversized bucket": handFile(key, [][]byte{e1}, nil, map[int][]int32{1: make([]int32, 65)}, 1024),
		"wrong ipv4 length": handFile(key, [][]byte{func() []byte {
			e := append([]byte(nil), e1...)
			e[10] = 5
			return e
		}()}, nil, nil, 1024),
	}
	for name, data := range bad {
		if _, err := Load(data, regtestMagic, Config{}); !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrTruncated) {
			t.Errorf("%s: %v, want a corrupt-file error", name, err)
		}
	}
}

func (a Addr) mustIP() netip.Addr { ip, _ := a.IP(); return ip }

func TestLoadV1Entries(t *testing.T) {
	// Format 1 (pre-BIP155): 16-byte addresses, uint64 services, no asmap
	// checksum.
	key := coreKey(3)
	a := ip4(t, "250.9.9.9", 8333)
	src := ip4(t, "250.8.8.8", 0)
	var e []byte
	e = binary.LittleEndian.AppendUint32(e, 220000)
	e = binary.LittleEndian.AppendUint32(e, 1_700_000_000)
	e = binary.LittleEndian.AppendUint64(e, 1033)
	e = append(e, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 250, 9, 9, 9)
	e = binary.BigEndian.AppendUint16(e, 8333)
	e = append(e, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 250, 8, 8, 8)
	e = binary.LittleEndian.AppendUint64(e, 0)
	e = binary.LittleEndian.AppendUint32(e, 0)
	b := append([]byte(nil), regtestMagic[:]...)
	b = append(b, 1, 33)
	b = append(b, key[:]...)
	b = binary.LittleEndian.AppendUint32(b, 1)
	b = binary.LittleEndian.AppendUint32(b, 0)
	b = binary.LittleEndian.AppendUint32(b, 1024^(1<<30))
	b = append(b, e...)
	bucket := newBucket(&key, a, src)
	for i := range 1024 {
		if i == bucket {
			b = binary.LittleEndian.AppendUint32(b, 1)
			b = binary.LittleEndian.AppendUint32(b, 0)
		} else {
			b = binary.LittleEndian.AppendUint32(b, 0)
		}
	}
	sum := sha256d(b)
	b = append(b, sum[:]...)
	m, err := Load(b, regtestMagic, Config{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	info, ok := m.Lookup(a)
	if !ok || info.Services != 1033 || info.Source != src {
		t.Fatalf("entry %+v", info)
	}
}

func TestFileSaveLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "peers.dat")

	m, err := LoadFile(path, regtestMagic, Config{})
	if err != nil || m == nil || m.Size(0, TableAll) != 0 {
		t.Fatalf("missing file: %v", err)
	}
	p := populated(t)
	if err := p.SaveFile(path, regtestMagic); err != nil {
		t.Fatalf("SaveFile: %v", err)
	}
	if err := p.SaveFile(path, regtestMagic); err != nil { // overwrite
		t.Fatalf("SaveFile again: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("temporary files left: %v", ents)
	}
	m, err = LoadFile(path, regtestMagic, Config{})
	if err != nil || m.Size(0, TableAll) != p.Size(0, TableAll) {
		t.Fatalf("LoadFile: %v", err)
	}

	// A corrupt file is moved to peers.dat.bak and an empty manager returned.
	data, _ := os.ReadFile(path)
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	m, err = LoadFile(path, regtestMagic, Config{})
	if !errors.Is(err, ErrChecksum) && !errors.Is(err, ErrCorrupt) {
		t.Fatalf("corrupt file: %v", err)
	}
	if m == nil || m.Size(0, TableAll) != 0 {
		t.Fatal("corrupt file: want an empty manager")
	}
	if _, err := os.Stat(path + ".bak"); err != nil {
		t.Fatalf("no backup: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("corrupt file left in place")
	}
	t.Log(err)

	// Wrong magic: also backed up.
	if err := p.SaveFile(path, mainMagic); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(path, regtestMagic, Config{}); !errors.Is(err, ErrWrongMagic) {
		t.Fatalf("wrong magic: %v", err)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(defaultMock().bytes())
	f.Add(populated(f).Serialize(regtestMagic))
	m, _ := newDeterministic(f)
	a := ip4(f, "250.1.1.1", 8333)
	m.Add(addr1(a, testStart), a, 0)
	m.Good(a)
	m.Add(addr1(ip4(f, "250.2.1.1", 8333), testStart), a, 0)
	f.Add(m.Serialize(regtestMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Load(data, regtestMagic, Config{Rand: newSeeded(5)})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			return
		}
		checkInvariants(t, m)
		out := m.Serialize(regtestMagic)
		m2, err := Load(out, regtestMagic, Config{Rand: newSeeded(5)})
		if err != nil {
			t.Fatalf("re-load: %v", err)
		}
		if again := m2.Serialize(regtestMagic); !bytes.Equal(again, out) {
			t.Fatal("serialization not stable")
		}
	})
}
