package connmgr

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

var evictBase = time.Unix(1_700_000_000, 0)

// candidates returns n candidates in distinct groups, candidate i
// connected i seconds after the base (higher ids are younger), shuffled.
func candidates(n int, seed uint64) []EvictionCandidate {
	out := make([]EvictionCandidate, n)
	for i := range out {
		out[i] = EvictionCandidate{
			ID: PeerID(i), Connected: evictBase.Add(time.Duration(i) * time.Second),
			KeyedNetGroup: uint64(1000 + i), Network: addrmgr.NetIPv4,
			EvictionStats: EvictionStats{MinPing: time.Duration(100+i) * time.Millisecond, RelayTxs: true},
		}
	}
	r := rand.New(rand.NewPCG(seed, seed))
	r.Shuffle(n, func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func TestSelectNodeToEvict(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		modify  func(c []EvictionCandidate)
		want    func(id PeerID) bool // nil: expect no eviction
		wantStr string
	}{
		{name: "empty", n: 0},
		{name: "few candidates all protected", n: 20},
		{name: "youngest evicted", n: 40, want: func(id PeerID) bool { return id >= 20 }, wantStr: "a young peer"},
		{
			name: "largest netgroup", n: 40,
			modify: func(c []EvictionCandidate) {
				for i := range c {
					if c[i].ID%4 == 0 {
						c[i].KeyedNetGroup = 7
					}
				}
			},
			want: func(id PeerID) bool { return id%4 == 0 }, wantStr: "a member of group 7",
		},
		{
			name: "discouraged first", n: 40,
			modify: func(c []EvictionCandidate) {
				for i := range c {
					if c[i].ID == 30 {
						c[i].PreferEvict = true
					}
				}
			},
			want: func(id PeerID) bool { return id == 30 }, wantStr: "the discouraged peer 30",
		},
		{
			name: "low ping protected", n: 40,
			modify: func(c []EvictionCandidate) {
				for i := range c {
					c[i].MinPing = time.Second
					if c[i].ID >= 32 { // the youngest have the best pings
						c[i].MinPing = time.Millisecond
					}
				}
			},
			want: func(id PeerID) bool { return id < 32 }, wantStr: "a peer without a low ping",
		},
		{
			name: "recent tx and blocks protected", n: 40,
			modify: func(c []EvictionCandidate) {
				for i := range c {
					if c[i].ID >= 32 {
						c[i].LastTxTime = evictBase.Add(time.Hour)
					}
					if c[i].ID >= 28 && c[i].ID < 32 {
						c[i].LastBlockTime = evictBase.Add(time.Hour)
					}
				}
			},
			want: func(id PeerID) bool { return id < 28 || id >= 36 }, wantStr: "not one of the 4 tx and 4 block relayers",
		},
		{
			name: "noban never evicted", n: 40,
			modify: func(c []EvictionCandidate) {
				for i := range c {
					c[i].NoBan = c[i].ID != 3
				}
			},
			want: func(id PeerID) bool { return false },
		},
		{
			name: "onion peers protected by ratio", n: 40,
			modify: func(c []EvictionCandidate) {
				for i := range c {
					if c[i].ID >= 30 {
						c[i].Network = addrmgr.NetTorV3
					}
				}
			},
			want: func(id PeerID) bool { return true }, wantStr: "any",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for seed := range uint64(20) {
				c := candidates(tc.n, seed)
				if tc.modify != nil {
					tc.modify(c)
				}
				id, ok := SelectNodeToEvict(c)
				if tc.want == nil || tc.name == "noban never evicted" {
					if ok && tc.name != "noban never evicted" {
						t.Fatalf("seed %d: evicted %d, want none", seed, id)
					}
					if tc.name == "noban never evicted" && ok && id != 3 {
						t.Fatalf("seed %d: evicted noban peer %d", seed, id)
					}
					continue
				}
				if !ok || !tc.want(id) {
					t.Fatalf("seed %d: evicted %d (ok %v), want %s", seed, id, ok, tc.wantStr)
				}
			}
		})
	}
}

func TestProtectByRatioDisadvantaged(t *testing.T) {
	// 40 candidates after the fixed protections: 20 are protected, 10 of
	// them by network (onion and localhost share), the rest by uptime.
	c := candidates(40, 1)
	for i := range c {
		switch {
		case c[i].ID >= 30:
			c[i].Network = addrmgr.NetTorV3
		case c[i].ID >= 25:
			c[i].IsLocal = true
		}
	}
	left := protectByRatio(c)
	if len(left) != 20 {
		t.Fatalf("%d left, want 20", len(left))
	}
	onion, local := 0, 0
	for _, x := range left {
		if x.Network == addrmgr.NetTorV3 {
			onion++
		}
		if x.IsLocal {
			local++
		}
	}
	// 10 slots by network: 5 local (all), 5 onion; the 10 oldest by uptime.
	if local != 0 || onion != 5 {
		t.Fatalf("left %d local, %d onion; want 0 and 5", local, onion)
	}
	if slices.ContainsFunc(left, func(x EvictionCandidate) bool { return x.ID < 10 }) {
		t.Fatal("oldest peers not protected")
	}
}
