package btcrpc

import (
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// fakeNet records the calls of the network methods.
type fakeNet struct {
	active bool
	calls  []string
}

func (f *fakeNet) ConnectionCount(dir int) int { return []int{5, 2, 3}[dir] }
func (f *fakeNet) Peers() []PeerInfo {
	return []PeerInfo{{ID: 7, Addr: "127.0.0.1:1", ConnectionType: "inbound", Inbound: true}}
}
func (f *fakeNet) NetTotals() (uint64, uint64) { return 10, 20 }
func (f *fakeNet) NetworkActive() bool         { return f.active }
func (f *fakeNet) SetNetworkActive(a bool)     { f.active = a }
func (f *fakeNet) LocalRelay() bool            { return false }
func (f *fakeNet) Ping()                       { f.calls = append(f.calls, "ping") }
func (f *fakeNet) AddNode(node, cmd string) error {
	f.calls = append(f.calls, "addnode "+node+" "+cmd)
	return nil
}
func (f *fakeNet) AddedNodes() []AddedNodeInfo {
	return []AddedNodeInfo{{AddedNode: "a:1", Connected: true, Address: "1.2.3.4:1"}}
}
func (f *fakeNet) DisconnectNode(address string, id int64, byID bool) error {
	if byID {
		f.calls = append(f.calls, "disconnect id")
	} else {
		f.calls = append(f.calls, "disconnect "+address)
	}
	return nil
}
func (f *fakeNet) Ban(subnet string, bantime int64, absolute bool) error {
	f.calls = append(f.calls, "ban "+subnet)
	return nil
}
func (f *fakeNet) Unban(subnet string) error {
	return jsonrpc.NewError(-30, "Error: Unban failed. Requested address/subnet was not previously manually banned.")
}
func (f *fakeNet) ListBanned() []BannedInfo { return nil }
func (f *fakeNet) ClearBanned()             { f.calls = append(f.calls, "clearbanned") }
func (f *fakeNet) NodeAddresses(count int, network string) []NodeAddress {
	return []NodeAddress{{Address: "1.2.3.4", Port: 8333, Network: "ipv4", Services: 9}}
}

func TestNetworkMethods(t *testing.T) {
	fn := &fakeNet{active: true}
	env := newTestEnv(t, nil, envOptions{net: fn})
	for method, want := range map[string]string{
		"getconnectioncount": "5",
		"listbanned":         "[]",
		"getnodeaddresses":   `[{"time":0,"services":9,"address":"1.2.3.4","port":8333,"network":"ipv4"}]`,
		"getaddednodeinfo":   `[{"addednode":"a:1","connected":true,"addresses":[{"address":"1.2.3.4:1","connected":"outbound"}]}]`,
	} {
		if got := string(env.mustCall(t, method)); got != want {
			t.Fatalf("%s: %s, want %s", method, got, want)
		}
	}
	ni := string(env.mustCall(t, "getnetworkinfo"))
	for _, k := range []string{`"localrelay":false`, `"networkactive":true`, `"connections":5`, `"connections_in":2`, `"connections_out":3`, `"localservices":"0000000000000409"`} {
		if !strings.Contains(ni, k) {
			t.Fatalf("getnetworkinfo lacks %s: %s", k, ni)
		}
	}
	if s := string(env.mustCall(t, "getpeerinfo")); !strings.Contains(s, `"id":7`) || !strings.Contains(s, `"connection_type":"inbound"`) {
		t.Fatalf("getpeerinfo %s", s)
	}
	if s := string(env.mustCall(t, "getnettotals")); !strings.Contains(s, `"totalbytesrecv":10,"totalbytessent":20`) {
		t.Fatalf("getnettotals %s", s)
	}
	if s := string(env.mustCall(t, "setnetworkactive", false)); s != "false" || fn.active {
		t.Fatalf("setnetworkactive %s", s)
	}
	env.mustCall(t, "ping")
	env.mustCall(t, "addnode", "1.2.3.4:1", "onetry")
	env.mustCall(t, "disconnectnode", "1.2.3.4:1")
	env.mustCall(t, "disconnectnode", nil, 3)
	env.mustCall(t, "setban", "1.2.3.4", "add", 60)
	env.mustCall(t, "clearbanned")
	want := []string{"ping", "addnode 1.2.3.4:1 onetry", "disconnect 1.2.3.4:1", "disconnect id", "ban 1.2.3.4", "clearbanned"}
	if strings.Join(fn.calls, "|") != strings.Join(want, "|") {
		t.Fatalf("calls %v, want %v", fn.calls, want)
	}

	tests := []struct {
		name   string
		method string
		params []any
		code   int
		msg    string
	}{
		{"disconnect both", "disconnectnode", []any{"1.2.3.4:1", 3}, -8, "Only one of address and nodeid should be provided."},
		{"disconnect none", "disconnectnode", nil, -8, "Only one of address and nodeid should be provided."},
		{"addresses negative", "getnodeaddresses", []any{-1}, -8, "Address count out of range"},
		{"addresses network", "getnodeaddresses", []any{1, "tor2"}, -8, "Network not recognized: tor2"},
		{"unban unknown", "setban", []any{"1.2.3.4", "remove"}, -30, ""},
		{"setban command", "setban", []any{"1.2.3.4", "delete"}, -1, ""},
		{"addnode command", "addnode", []any{"1.2.3.4", "connect"}, -1, ""},
		{"addnode missing", "addnode", []any{"1.2.3.4"}, -8, "Missing required parameter 2"},
		{"added unknown", "getaddednodeinfo", []any{"b:2"}, -24, "Error: Node has not been added."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, rerr := env.call(t, tc.method, tc.params...)
			wantCode(t, rerr, tc.code, tc.msg)
		})
	}
}
