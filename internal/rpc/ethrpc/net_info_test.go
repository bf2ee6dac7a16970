package ethrpc

import (
	"context"
	"encoding/json"
	"testing"
)

type fakeNet struct {
	peers     int
	listening bool
	syncing   bool
}

func (f fakeNet) PeerCount() int  { return f.peers }
func (f fakeNet) Listening() bool { return f.listening }
func (f fakeNet) SyncProgress() (uint64, uint64, uint64, bool) {
	return 5, 17, 300, f.syncing
}

func TestNetInfo(t *testing.T) {
	env := newEnv(t)
	tests := []struct {
		name   string
		net    NetInfo
		method string
		want   string
	}{
		{"no network peers", nil, "net_peerCount", `"0x0"`},
		{"no network listening", nil, "net_listening", `true`},
		{"no network syncing", nil, "eth_syncing", `false`},
		{"peers", fakeNet{peers: 12}, "net_peerCount", `"0xc"`},
		{"not listening", fakeNet{}, "net_listening", `false`},
		{"not syncing", fakeNet{}, "eth_syncing", `false`},
		{"syncing", fakeNet{syncing: true}, "eth_syncing", `{"currentBlock":"0x11","highestBlock":"0x12c","startingBlock":"0x5"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := env.svc.cfg
			cfg.Net = tc.net
			svc, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer svc.Close()
			res, err := svc.Call(context.Background(), tc.method)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(res)
			if string(got) != tc.want {
				t.Fatalf("%s = %s, want %s", tc.method, got, tc.want)
			}
		})
	}
}
