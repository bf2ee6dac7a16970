package btcrpc

import "testing"

// addrManNet is a fakeNet with an address manager.
type addrManNet struct {
	*fakeNet
	counts map[string]AddrManCount
	ok     bool
}

func (n addrManNet) AddrManCounts() (map[string]AddrManCount, bool) { return n.counts, n.ok }

func TestGetAddrManInfo(t *testing.T) {
	zero := `{"new":0,"tried":0,"total":0}`
	tests := []struct {
		name string
		net  Net
		want string // "" for the -9 error
	}{
		{"no net", nil, ""},
		{"no address manager method", &fakeNet{}, ""},
		{"address manager off", addrManNet{fakeNet: &fakeNet{}}, ""},
		{"empty", addrManNet{fakeNet: &fakeNet{}, ok: true},
			`{"ipv4":` + zero + `,"ipv6":` + zero + `,"onion":` + zero + `,"i2p":` + zero + `,"cjdns":` + zero + `,"all_networks":` + zero + `}`},
		{"counts", addrManNet{fakeNet: &fakeNet{}, ok: true, counts: map[string]AddrManCount{
			"ipv4": {New: 10, Tried: 3}, "onion": {New: 2}, "cjdns": {Tried: 1}}},
			`{"ipv4":{"new":10,"tried":3,"total":13},"ipv6":` + zero + `,"onion":{"new":2,"tried":0,"total":2},"i2p":` + zero +
				`,"cjdns":{"new":0,"tried":1,"total":1},"all_networks":{"new":12,"tried":4,"total":16}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, nil, envOptions{net: tc.net})
			out, rerr := env.call(t, "getaddrmaninfo")
			if tc.want == "" {
				wantCode(t, rerr, -9, "Error: Address manager functionality missing or disabled")
				return
			}
			if rerr != nil {
				t.Fatal(rerr)
			}
			if string(out) != tc.want {
				t.Fatalf("getaddrmaninfo %s, want %s", out, tc.want)
			}
		})
	}
}
