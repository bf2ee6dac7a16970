package addrmgr

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"testing"
	"time"
)

func TestAddrAccessors(t *testing.T) {
	ap := netip.MustParseAddrPort("[2a01::7]:18444")
	a := AddrFromAddrPort(ap)
	if a.Network() != NetIPv6 || a.Port() != 18444 || len(a.Bytes()) != 16 {
		t.Fatalf("accessors: %v %d %x", a.Network(), a.Port(), a.Bytes())
	}
	if got, ok := a.AddrPort(); !ok || got != ap {
		t.Fatalf("AddrPort = %v", got)
	}
	tor, _ := NewAddr(NetTorV3, make([]byte, 32), 1)
	if _, ok := tor.AddrPort(); ok {
		t.Fatal("tor has an AddrPort")
	}
	if _, ok := tor.IP(); ok {
		t.Fatal("tor has an IP")
	}
	if (Addr{}).String() != "invalid:0" || Network(9).String() != "unknown(9)" {
		t.Fatal("invalid strings")
	}
	for _, n := range []Network{NetIPv4, NetIPv6, NetTorV3, NetI2P, NetCJDNS} {
		if n.String() == "" || (Addr{net: n}).classOf() == classUnroutable {
			t.Fatalf("network %d", n)
		}
	}
	if AddrFromIP(netip.Addr{}, 1) != (Addr{}) {
		t.Fatal("zero netip.Addr")
	}
}

func TestGetAddrNetworkClass(t *testing.T) {
	m, clk := newDeterministic(t)
	now := clk.Now()
	src := ip4(t, "252.2.2.2", 0)
	sixToFour := ip4(t, "2002:102:304::1", 8333) // carries IPv4 1.2.3.4
	native := ip4(t, "2a01:4f8::1", 8333)
	v4 := ip4(t, "250.1.1.1", 8333)
	m.Add([]Address{{Addr: sixToFour, Time: now}, {Addr: native, Time: now}, {Addr: v4, Time: now}}, src, 0)
	if got := len(m.GetAddr(0, 0, NetIPv4, true)); got != 2 {
		t.Errorf("IPv4 class = %d, want 2 (6to4 counts as IPv4)", got)
	}
	if got := len(m.GetAddr(0, 0, NetIPv6, true)); got != 1 {
		t.Errorf("IPv6 class = %d, want 1", got)
	}
	if got := m.Size(NetIPv6, TableAll); got != 2 {
		t.Errorf("Size(IPv6) = %d, want 2 (by BIP155 network)", got)
	}
}

// rawEntry encodes an ADDRV2 entry with arbitrary address bytes.
func rawEntry(netID byte, sizePrefix []byte, raw []byte, services []byte) []byte {
	var b []byte
	b = binary.LittleEndian.AppendUint32(b, 220000|1<<29)
	b = binary.LittleEndian.AppendUint32(b, 1_700_000_000)
	b = append(b, services...)
	b = append(b, netID)
	b = append(b, sizePrefix...)
	b = append(b, raw...)
	b = binary.BigEndian.AppendUint16(b, 8333)
	b = append(b, 1, 4, 250, 3, 3, 3)
	b = binary.LittleEndian.AppendUint64(b, 0)
	return binary.LittleEndian.AppendUint32(b, 0)
}

func TestLoadAddressEncodings(t *testing.T) {
	key := coreKey(11)
	v4 := []byte{250, 1, 2, 1}
	tests := []struct {
		name    string
		entry   []byte
		wantErr error
		wantN   int
	}{
		{"ipv4", rawEntry(1, []byte{4}, v4, []byte{9}), nil, 1},
		{"services 0xfd form", rawEntry(1, []byte{4}, v4, []byte{0xfd, 0x00, 0x10}), nil, 1},
		{"services 8-byte form", rawEntry(1, []byte{4}, v4, []byte{0xff, 0, 0, 0, 0, 1, 0, 0, 0}), nil, 1},
		{"non-canonical services", rawEntry(1, []byte{4}, v4, []byte{0xfd, 0x05, 0x00}), ErrCorrupt, 0},
		{"non-canonical 4-byte", rawEntry(1, []byte{4}, v4, []byte{0xfe, 0x05, 0x00, 0, 0}), ErrCorrupt, 0},
		{"non-canonical 8-byte", rawEntry(1, []byte{4}, v4, []byte{0xff, 0x05, 0, 0, 0, 0, 0, 0, 0}), ErrCorrupt, 0},
		{"non-canonical size", rawEntry(1, []byte{0xfd, 4, 0}, v4, []byte{9}), ErrCorrupt, 0},
		{"wrong length", rawEntry(1, []byte{5}, append(v4, 0), []byte{9}), ErrCorrupt, 0},
		{"too long", rawEntry(1, []byte{0xfd, 0x01, 0x02}, make([]byte, 513), []byte{9}), ErrCorrupt, 0},
		{"unknown network skipped", rawEntry(42, []byte{3}, []byte{1, 2, 3}, []byte{9}), nil, 0},
		{"torv2 dropped", rawEntry(3, []byte{10}, make([]byte, 10), []byte{9}), nil, 0},
		{"torv2 wrong length", rawEntry(3, []byte{11}, make([]byte, 11), []byte{9}), ErrCorrupt, 0},
		{"ipv6 embedding ipv4 dropped", rawEntry(2, []byte{16}, append(bytes.Repeat([]byte{0}, 10), 0xff, 0xff, 1, 2, 3, 4), []byte{9}), nil, 0},
		{"bad version bits", func() []byte {
			e := rawEntry(1, []byte{4}, v4, []byte{9})
			e[3] = 0x40
			return e
		}(), ErrCorrupt, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			refs := map[int][]int32{}
			for b := range 1024 {
				if b%7 == 0 {
					refs[b] = []int32{0}
				}
			}
			m, err := Load(handFile(key, [][]byte{tc.entry}, nil, refs, 1024), regtestMagic, Config{})
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			checkInvariants(t, m)
			if got := m.Size(0, TableAll); got != tc.wantN {
				t.Fatalf("Size %d, want %d", got, tc.wantN)
			}
		})
	}
}

func TestSerializeLargeServices(t *testing.T) {
	m, clk := newDeterministic(t)
	src := ip4(t, "252.2.2.2", 0)
	for i, s := range []uint64{0, 0xfc, 0xfd, 0xffff, 0x10000, 0xffffffff, 1 << 40, ^uint64(0)} {
		a := ip4(t, "250.1.1.1", uint16(1000+i))
		m.Add([]Address{{Addr: a, Services: s, Time: clk.Now()}}, src, 0)
	}
	data := m.Serialize(mainMagic)
	m2, err := Load(data, mainMagic, Config{})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range []uint64{0, 0xfc, 0xfd, 0xffff, 0x10000, 0xffffffff, 1 << 40, ^uint64(0)} {
		a := ip4(t, "250.1.1.1", uint16(1000+i))
		i1, ok1 := m.Lookup(a)
		i2, ok2 := m2.Lookup(a)
		if ok1 != ok2 || (ok1 && (i2.Services != s || i1 != i2)) {
			t.Errorf("services %#x: %+v vs %+v", s, i1, i2)
		}
	}
}

func TestTimesClamped(t *testing.T) {
	m, _ := newDeterministic(t)
	src := ip4(t, "252.2.2.2", 0)
	a := ip4(t, "250.1.1.1", 1)
	b := ip4(t, "250.1.1.2", 1)
	m.Add([]Address{{Addr: a, Time: time.Unix(1<<40, 0)}, {Addr: b, Time: time.Unix(-5, 0)}}, src, 0)
	if i, ok := m.Lookup(a); ok && i.Time.Unix() != 1<<32-1 {
		t.Errorf("far future time %v not clamped to uint32", i.Time)
	}
	if i, ok := m.Lookup(b); ok && !i.Time.IsZero() {
		t.Errorf("negative time %v not clamped to 0", i.Time)
	}
	if m.SetKey([32]byte{2}) {
		t.Error("SetKey on a non-empty manager")
	}
}

func TestSaveFileErrors(t *testing.T) {
	m, _ := newDeterministic(t)
	if err := m.SaveFile("/nonexistent-dir-addrmgr/peers.dat", regtestMagic); err == nil {
		t.Fatal("save into a missing folder succeeded")
	}
	if _, err := LoadFile(t.TempDir(), regtestMagic, Config{}); err == nil {
		t.Fatal("loading a directory succeeded")
	}
}
