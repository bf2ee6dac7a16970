package connmgr

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

func TestParseSubnet(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ipv4", "1.2.3.4", "1.2.3.4/32"},
		{"ipv4 cidr", "1.2.3.4/24", "1.2.3.0/24"},
		{"ipv4 netmask", "10.1.2.3/255.255.0.0", "10.1.0.0/16"},
		{"ipv4 zero", "0.0.0.0/0", "0.0.0.0/0"},
		{"ipv6", "2001:db8::1", "2001:db8::1/128"},
		{"ipv6 cidr", "2001:db8:1::/32", "2001:db8::/32"},
		{"mapped", "::ffff:1.2.3.4", "1.2.3.4/32"},
		{"mapped cidr", "::ffff:1.2.3.4/120", "1.2.3.0/24"},
		{"bad", "example.com", ""},
		{"empty", "", ""},
		{"bad bits", "1.2.3.4/33", ""},
		{"negative bits", "1.2.3.4/-1", ""},
		{"plus bits", "1.2.3.4/+8", ""},
		{"empty bits", "1.2.3.4/", ""},
		{"non-contiguous mask", "1.2.3.4/255.0.255.0", ""},
		{"mask family", "1.2.3.4/ffff::", ""},
		{"zone", "fe80::1%eth0", ""},
		{"mapped short", "::ffff:1.2.3.4/64", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParseSubnet(tc.in)
			if tc.want == "" {
				if !errors.Is(err, ErrInvalidSubnet) {
					t.Fatalf("got %v, %v; want ErrInvalidSubnet", p, err)
				}
				return
			}
			if err != nil || p.String() != tc.want {
				t.Fatalf("got %v, %v; want %s", p, err, tc.want)
			}
		})
	}
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestBanListExpiryAndDiscourage(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	b := NewBanList(clk.now)
	sub := netip.MustParsePrefix("10.0.0.0/8")
	if !b.Ban(sub, clk.t.Add(time.Hour)) || b.Ban(sub, clk.t.Add(time.Minute)) {
		t.Fatal("ban / shorter re-ban")
	}
	in := addrmgr.AddrFromIP(netip.MustParseAddr("10.9.8.7"), 8333)
	out := addrmgr.AddrFromIP(netip.MustParseAddr("11.0.0.1"), 8333)
	if !b.IsBanned(in) || b.IsBanned(out) || !b.IsSubnetBanned(sub) {
		t.Fatal("IsBanned")
	}
	clk.t = clk.t.Add(time.Hour)
	b.dirty = false
	b.sweep()
	if !b.Dirty() {
		t.Fatal("sweeping an expired ban must dirty the list")
	}
	if b.IsBanned(in) || len(b.List()) != 0 {
		t.Fatal("ban did not expire")
	}
	b.Discourage(in)
	if !b.IsDiscouraged(in.WithPort(1)) || b.IsDiscouraged(out) {
		t.Fatal("discouraged")
	}
	// The set is bounded: after two generations of other addresses the
	// first is forgotten.
	for i := range 2 * discouragedGeneration {
		b.Discourage(addrmgr.AddrFromIP(netip.AddrFrom4([4]byte{20, byte(i >> 16), byte(i >> 8), byte(i)}), 0))
	}
	if b.IsDiscouraged(in) || len(b.cur)+len(b.prev) > 2*discouragedGeneration {
		t.Fatal("discouraged set not bounded")
	}
	b.Ban(sub, clk.t.Add(time.Hour))
	b.Clear()
	if b.IsBanned(in) || !b.Dirty() {
		t.Fatal("Clear")
	}
}

func TestBanlistRoundTrip(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	b := NewBanList(clk.now)
	for _, s := range []string{"1.2.3.4", "10.0.0.0/8", "2001:db8::/32"} {
		p, _ := ParseSubnet(s)
		b.Ban(p, clk.t.Add(24*time.Hour))
	}
	path := filepath.Join(t.TempDir(), "banlist.json")
	if err := b.SaveFile(path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"banned_nets"`) || !strings.Contains(string(data), `"address": "1.2.3.4/32"`) ||
		!strings.Contains(string(data), `"banned_until": 1700086400`) {
		t.Fatalf("unexpected file:\n%s", data)
	}
	b2 := NewBanList(clk.now)
	dropped, err := b2.LoadFile(path)
	if err != nil || dropped != 0 {
		t.Fatal(dropped, err)
	}
	got, want := b2.List(), b.List()
	if len(got) != 3 || len(want) != 3 {
		t.Fatalf("lists %v %v", got, want)
	}
	for i := range got {
		if got[i].Subnet != want[i].Subnet || !got[i].Until.Equal(want[i].Until) || !got[i].Created.Equal(want[i].Created) {
			t.Fatalf("entry %d: %v != %v", i, got[i], want[i])
		}
	}
	// Expired entries are dropped on load.
	clk.t = clk.t.Add(25 * time.Hour)
	b3 := NewBanList(clk.now)
	if _, err := b3.LoadFile(path); err != nil || len(b3.List()) != 0 {
		t.Fatal("expired bans loaded")
	}
	// A missing file is an empty list.
	if _, err := b3.LoadFile(filepath.Join(t.TempDir(), "none.json")); err != nil {
		t.Fatal(err)
	}
}

func TestDecodeBanlistHostile(t *testing.T) {
	entry := `{"version":1,"ban_created":1,"banned_until":2,"address":"1.2.3.4/32"}`
	tests := []struct {
		name    string
		in      string
		n       int
		dropped int
		bad     bool
	}{
		{"valid", `{"banned_nets":[` + entry + `]}`, 1, 0, false},
		{"empty list", `{"banned_nets":[]}`, 0, 0, false},
		{"duplicate subnet", `{"banned_nets":[` + entry + `,` + entry + `]}`, 1, 0, false},
		{"unknown version dropped", `{"banned_nets":[{"version":2,"address":7}]}`, 0, 1, false},
		{"bad address dropped", `{"banned_nets":[{"version":1,"ban_created":1,"banned_until":2,"address":"x"}]}`, 0, 1, false},
		{"not json", `{`, 0, 0, true},
		{"null", `null`, 0, 0, true},
		{"array", `[]`, 0, 0, true},
		{"no key", `{"other":[]}`, 0, 0, true},
		{"nets null", `{"banned_nets":null}`, 0, 0, true},
		{"nets object", `{"banned_nets":{}}`, 0, 0, true},
		{"entry null", `{"banned_nets":[null]}`, 0, 0, true},
		{"entry number", `{"banned_nets":[1]}`, 0, 0, true},
		{"version string", `{"banned_nets":[{"version":"1","ban_created":1,"banned_until":2,"address":"1.2.3.4"}]}`, 0, 0, true},
		{"version huge", `{"banned_nets":[{"version":99999999999,"ban_created":1,"banned_until":2,"address":"1.2.3.4"}]}`, 0, 0, true},
		{"missing until", `{"banned_nets":[{"version":1,"ban_created":1,"address":"1.2.3.4"}]}`, 0, 0, true},
		{"float time", `{"banned_nets":[{"version":1,"ban_created":1.5,"banned_until":2,"address":"1.2.3.4"}]}`, 0, 0, true},
		{"address number", `{"banned_nets":[{"version":1,"ban_created":1,"banned_until":2,"address":5}]}`, 0, 0, true},
		{"too large", `{"banned_nets":[` + strings.Repeat(" ", MaxBanlistSize) + `]}`, 0, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, dropped, err := DecodeBanlist([]byte(tc.in))
			if tc.bad {
				if !errors.Is(err, ErrBanlistCorrupt) {
					t.Fatalf("err %v, want ErrBanlistCorrupt", err)
				}
				return
			}
			if err != nil || len(got) != tc.n || dropped != tc.dropped {
				t.Fatalf("got %d entries, %d dropped, %v", len(got), dropped, err)
			}
		})
	}
}

func TestLoadFileCorrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "banlist.json")
	if err := os.WriteFile(path, []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	b := NewBanList(nil)
	b.Ban(netip.MustParsePrefix("1.0.0.0/8"), time.Now().Add(time.Hour))
	if _, err := b.LoadFile(path); !errors.Is(err, ErrBanlistCorrupt) {
		t.Fatalf("err %v", err)
	}
	if len(b.List()) != 0 || !b.Dirty() {
		t.Fatal("corrupt file must leave an empty, dirty list")
	}
}

func FuzzDecodeBanlist(f *testing.F) {
	f.Add([]byte(`{"banned_nets":[{"version":1,"ban_created":1637520000,"banned_until":1637606400,"address":"1.2.3.4/32"}]}`))
	f.Add([]byte(`{"banned_nets":[{"version":1,"ban_created":1,"banned_until":2,"address":"2001:db8::/32"},{"version":2}]}`))
	f.Add([]byte(`{"banned_nets":[]}`))
	f.Add([]byte(`{"banned_nets":[{"version":1,"ban_created":-1,"banned_until":9223372036854775807,"address":"::ffff:1.2.3.4/100"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, _, err := DecodeBanlist(data)
		if err != nil {
			if !errors.Is(err, ErrBanlistCorrupt) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		again, dropped, err := DecodeBanlist(EncodeBanlist(entries))
		if err != nil || dropped != 0 || len(again) != len(entries) {
			t.Fatalf("round trip: %d/%d entries, %d dropped, %v", len(again), len(entries), dropped, err)
		}
		for i := range entries {
			if again[i].Subnet != entries[i].Subnet || again[i].Until.Unix() != entries[i].Until.Unix() || again[i].Created.Unix() != entries[i].Created.Unix() {
				t.Fatalf("entry %d: %v != %v", i, again[i], entries[i])
			}
		}
	})
}
