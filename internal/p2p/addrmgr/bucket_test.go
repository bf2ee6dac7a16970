package addrmgr

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"testing"
)

// coreKey returns Core's test key (HashWriter{} << int32(n)).GetHash().
func coreKey(n int32) [32]byte {
	return sha256d(binary.LittleEndian.AppendUint32(nil, uint32(n)))
}

func ip4(t testing.TB, s string, port uint16) Addr {
	t.Helper()
	ip, err := netip.ParseAddr(s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return AddrFromIP(ip, port)
}

// TestBucketVectors checks bucket placement against the values asserted by
// Bitcoin Core's addrman_tests (caddrinfo_get_tried_bucket_legacy,
// caddrinfo_get_new_bucket_legacy).
func TestBucketVectors(t *testing.T) {
	k1, k2 := coreKey(1), coreKey(2)
	a := ip4(t, "250.1.1.1", 8333)
	if got := triedBucket(&k1, a); got != 40 {
		t.Errorf("tried bucket of %v = %d, want 40 (Core)", a, got)
	}
	if triedBucket(&k1, a) == triedBucket(&k2, a) {
		t.Error("key does not change the tried bucket")
	}
	if triedBucket(&k1, a) == triedBucket(&k1, a.WithPort(9999)) {
		t.Error("port does not change the tried bucket")
	}
	b := ip4(t, "250.1.2.1", 8333)
	src := ip4(t, "250.1.2.1", 0)
	if got := newBucket(&k1, b, src); got != 786 {
		t.Errorf("new bucket of %v = %d, want 786 (Core)", b, got)
	}
	if newBucket(&k1, b, src) == newBucket(&k2, b, src) {
		t.Error("key does not change the new bucket")
	}
	if newBucket(&k1, b, src) != newBucket(&k1, b.WithPort(9999), src) {
		t.Error("port changes the new bucket")
	}

	count := func(f func(i int) int, n int) int {
		set := map[int]bool{}
		for i := range n {
			set[f(i)] = true
		}
		return len(set)
	}
	if got := count(func(i int) int {
		return triedBucket(&k1, ip4(t, fmt.Sprintf("250.1.1.%d", i), 0))
	}, 255); got != 8 {
		t.Errorf("one /16 spans %d tried buckets, want 8", got)
	}
	if got := count(func(i int) int {
		return triedBucket(&k1, ip4(t, fmt.Sprintf("250.%d.1.1", i), 0))
	}, 255); got != 160 {
		t.Errorf("255 /16s span %d tried buckets, want 160 (Core)", got)
	}
	if got := count(func(i int) int {
		a := ip4(t, fmt.Sprintf("250.1.1.%d", i), 0)
		return newBucket(&k1, a, a)
	}, 255); got != 1 {
		t.Errorf("one group from itself spans %d new buckets, want 1", got)
	}
	src2 := ip4(t, "251.4.1.1", 0)
	if got := count(func(j int) int {
		return newBucket(&k1, ip4(t, fmt.Sprintf("%d.%d.1.1", 250+j/255, j%256), 0), src2)
	}, 4*255); got > 64 {
		t.Errorf("one source group spans %d new buckets, want <= 64", got)
	}
	if got := count(func(p int) int {
		return newBucket(&k1, ip4(t, "250.1.1.1", 0), ip4(t, fmt.Sprintf("250.%d.1.1", p), 0))
	}, 255); got <= 64 {
		t.Errorf("255 source groups span %d new buckets, want > 64", got)
	}
}

func TestGroups(t *testing.T) {
	mk := func(net Network, raw ...byte) Addr {
		a, err := NewAddr(net, raw, 0)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	tor := make([]byte, 32)
	tor[0] = 0xa5
	cj := make([]byte, 16)
	cj[0], cj[1] = 0xfc, 0x12
	tests := []struct {
		name string
		a    Addr
		want []byte
	}{
		{"local", ip4(t, "127.0.0.1", 0), []byte{0}},
		{"rfc1918", ip4(t, "10.1.2.3", 0), []byte{0}},
		{"ipv4", ip4(t, "1.2.3.4", 0), []byte{1, 1, 2}},
		{"6to4", ip4(t, "2002:102:304::1", 0), []byte{1, 1, 2}},
		{"teredo", ip4(t, "2001:0:9d38:6abd:0:0:fefd:fcfb", 0), []byte{1, 1, 2}},
		{"ipv6", ip4(t, "2a01:4f8:1:2::1", 0), []byte{2, 0x2a, 0x01, 0x04, 0xf8}},
		{"he.net", ip4(t, "2001:470:abcd::1", 0), []byte{2, 0x20, 0x01, 0x04, 0x70, 0xaf}},
		{"tor", mk(NetTorV3, tor...), []byte{3, 0xaf}},
		{"i2p", mk(NetI2P, tor...), []byte{4, 0xaf}},
		{"cjdns", mk(NetCJDNS, cj...), []byte{5, 0xfc, 0x1f}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.appendGroup(nil); string(got) != string(tc.want) {
				t.Errorf("group of %v = %x, want %x", tc.a, got, tc.want)
			}
		})
	}
}

func TestAddrValidity(t *testing.T) {
	tests := []struct {
		name            string
		a               Addr
		valid, routable bool
	}{
		{"zero", Addr{}, false, false},
		{"any", ip4(t, "0.0.0.0", 1), false, false},
		{"broadcast", ip4(t, "255.255.255.255", 1), false, false},
		{"public", ip4(t, "8.8.8.8", 1), true, true},
		{"loopback", ip4(t, "127.0.0.1", 1), true, false},
		{"shared", ip4(t, "100.64.1.1", 1), true, false},
		{"doc4", ip4(t, "203.0.113.5", 1), true, false},
		{"linklocal", ip4(t, "169.254.0.1", 1), true, false},
		{"ipv6 doc", ip4(t, "2001:db8::1", 1), false, false},
		{"ipv6 ula", ip4(t, "fd00::1", 1), true, false},
		{"ipv6 unspecified", ip4(t, "::", 1), false, false},
		{"ipv6 loopback", ip4(t, "::1", 1), true, false},
		{"ipv6 public", ip4(t, "2a01::1", 1), true, true},
		{"mapped", AddrFromIP(netip.MustParseAddr("::ffff:8.8.8.8"), 1), true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.IsValid(); got != tc.valid {
				t.Errorf("IsValid = %v", got)
			}
			if got := tc.a.IsRoutable(); got != tc.routable {
				t.Errorf("IsRoutable = %v", got)
			}
		})
	}
	if _, err := NewAddr(NetTorV3, make([]byte, 31), 1); err == nil {
		t.Error("short tor address accepted")
	}
	if _, err := NewAddr(3, make([]byte, 10), 1); err == nil {
		t.Error("torv2 accepted")
	}
}

func TestAddrString(t *testing.T) {
	// A real v3 onion (from Core's netbase tests): its checksum and version
	// bytes must come out the same from its key.
	const onion = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd"
	raw, err := lowerBase32.DecodeString(onion)
	if err != nil {
		t.Fatal(err)
	}
	tor, _ := NewAddr(NetTorV3, raw[:32], 8333)
	if got, want := tor.String(), onion+".onion:8333"; got != want {
		t.Errorf("tor = %s, want %s", got, want)
	}
	i2p, _ := NewAddr(NetI2P, make([]byte, 32), 0)
	if got, want := i2p.String(), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.b32.i2p:0"; got != want {
		t.Errorf("i2p = %s, want %s", got, want)
	}
	if got := ip4(t, "2a01::1", 8333).String(); got != "[2a01::1]:8333" {
		t.Errorf("ipv6 = %s", got)
	}
}
