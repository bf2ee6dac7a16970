package connmgr

import (
	"net/netip"
	"testing"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

func TestNetGroup(t *testing.T) {
	ip := func(s string) addrmgr.Addr { return addrmgr.AddrFromIP(netip.MustParseAddr(s), 8333) }
	onion, err := addrmgr.NewAddr(addrmgr.NetTorV3, make([]byte, 32), 8333)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		a, b addrmgr.Addr
		same bool
	}{
		{"ipv4 same /16", ip("1.2.3.4"), ip("1.2.200.1"), true},
		{"ipv4 other /16", ip("1.2.3.4"), ip("1.3.3.4"), false},
		{"loopback and private share the unroutable group", ip("127.0.0.1"), ip("10.0.0.1"), true},
		{"6to4 embeds ipv4", ip("2002:102:304::1"), ip("1.2.9.9"), true},
		{"teredo embeds inverted ipv4", ip("2001:0:4136:e378:8000:63bf:fefd:fcfb"), ip("1.2.3.4"), true},
		{"nat64 embeds ipv4", ip("64:ff9b::102:304"), ip("1.2.3.4"), true},
		{"ipv6 same /32", ip("2600:1:2::1"), ip("2600:1:ffff::1"), true},
		{"ipv6 other /32", ip("2600:1::1"), ip("2600:2::1"), false},
		{"he.net /36", ip("2001:470:1000::1"), ip("2001:470:2000::1"), false},
		{"he.net same /36", ip("2001:470:1000::1"), ip("2001:470:1fff::1"), true},
		{"onion vs ipv4", onion, ip("1.2.3.4"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := NetGroup(tc.a) == NetGroup(tc.b); got != tc.same {
				t.Fatalf("%v %x, %v %x: same %v, want %v", tc.a, NetGroup(tc.a), tc.b, NetGroup(tc.b), got, tc.same)
			}
		})
	}
	if !isPrivacyNet(onion) || isPrivacyNet(ip("1.2.3.4")) {
		t.Fatal("isPrivacyNet")
	}
}
