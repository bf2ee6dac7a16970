package config

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestETHOptions(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		port    int
		bind    string
		block   time.Duration
		genesis string // relative to the data directory
		err     ErrorKind
	}{
		{name: "defaults", port: 8545, bind: "127.0.0.1"},
		{name: "set", args: []string{"-ethrpcport=9545", "-ethrpcbind=0.0.0.0", "-ethblocktime=2", "-ethgenesis=g.json"},
			port: 9545, bind: "0.0.0.0", block: 2 * time.Second, genesis: "g.json"},
		{name: "bad port", args: []string{"-ethrpcport=0"}, err: ErrInvalidValue},
		{name: "bad bind", args: []string{"-ethrpcbind=not an ip"}, err: ErrInvalidValue},
		{name: "negative block time", args: []string{"-ethblocktime=-1"}, err: ErrInvalidValue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, dir, err := load(t, tc.args, "", nil)
			if tc.err != "" {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := ""
			if tc.genesis != "" {
				want = filepath.Join(dir, tc.genesis)
			}
			if c.ETHRPCPort != tc.port || c.ETHRPCBind != tc.bind || c.ETHBlockTime != tc.block || c.ETHGenesis != want || !c.ETH {
				t.Fatalf("got port %d bind %q block %v genesis %q eth %v", c.ETHRPCPort, c.ETHRPCBind, c.ETHBlockTime, c.ETHGenesis, c.ETH)
			}
		})
	}
}

func TestETHP2POptions(t *testing.T) {
	c, _, err := load(t, nil, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.ETHPort != 30303 || c.ETHBind != "127.0.0.1" || !c.ETHListen || c.ETHMaxPeers != 50 || c.ETHMine || c.Etherbase != "" {
		t.Fatalf("defaults: %+v", c)
	}
	c, _, err = load(t, []string{"-ethport=30305", "-ethconnect=127.0.0.1:30306", "-ethconnect=127.0.0.1:30307",
		"-ethmine", "-etherbase=0x00000000000000000000000000000000000000aa", "-ethmaxpeers=3"}, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.ETHPort != 30305 || c.ETHListen || len(c.ETHConnect) != 2 || !c.ETHMine || c.ETHMaxPeers != 3 ||
		c.Etherbase != "0x00000000000000000000000000000000000000aa" {
		t.Fatalf("set: %+v", c)
	}
	for _, bad := range [][]string{{"-etherbase=0x12"}, {"-ethport=70000"}, {"-ethbind=nowhere"}, {"-ethmaxpeers=-1"}} {
		if _, _, err := load(t, bad, "", nil); !errors.Is(err, ErrInvalidValue) {
			t.Errorf("%v: err = %v, want ErrInvalidValue", bad, err)
		}
	}
}

func TestOperatorOptions(t *testing.T) {
	tests := []struct {
		name               string
		args               []string
		explorer, metrics  string
		explorerDef, index bool
		format             string
		err                ErrorKind
	}{
		{name: "regtest defaults", explorer: DefaultExplorer, metrics: DefaultMetrics, explorerDef: true, index: true, format: "text"},
		{name: "mainnet off", args: []string{"-chain=main"}, format: "text"},
		{name: "off", args: []string{"-noexplorer", "-metrics=0", "-noaddressindex"}, format: "text"},
		{name: "explicit", args: []string{"-explorer=127.0.0.1:9000", "-metrics=1", "-logformat=json"},
			explorer: "127.0.0.1:9000", metrics: DefaultMetrics, index: true, format: "json"},
		{name: "1 on mainnet", args: []string{"-chain=main", "-explorer=1"}, explorer: DefaultExplorer, format: "text"},
		{name: "bare on mainnet", args: []string{"-chain=main", "-explorer", "-metrics"}, explorer: DefaultExplorer, metrics: DefaultMetrics, format: "text"},
		{name: "bad explorer", args: []string{"-explorer=nohost"}, err: ErrInvalidValue},
		{name: "bad port", args: []string{"-metrics=127.0.0.1:0"}, err: ErrInvalidValue},
		{name: "bad format", args: []string{"-logformat=xml"}, err: ErrInvalidValue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _, err := load(t, tc.args, "", nil)
			if tc.err != "" {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Explorer != tc.explorer || c.Metrics != tc.metrics || c.ExplorerDefault != tc.explorerDef ||
				c.AddressIndex != tc.index || c.LogFormat != tc.format {
				t.Fatalf("got explorer %q (default %v) metrics %q index %v format %q", c.Explorer, c.ExplorerDefault,
					c.Metrics, c.AddressIndex, c.LogFormat)
			}
		})
	}
}

func TestBareBlockFilterIndex(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-blockfilterindex"}, true},
		{[]string{"-blockfilterindex=1"}, true},
		{[]string{"-blockfilterindex=basic"}, true},
		{[]string{"-blockfilterindex=0"}, false},
		{[]string{"-noblockfilterindex"}, false},
		{nil, false},
	} {
		c, _, err := load(t, tc.args, "", nil)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if c.BlockFilterIndex != tc.want {
			t.Errorf("%v: BlockFilterIndex = %v, want %v", tc.args, c.BlockFilterIndex, tc.want)
		}
	}
}

func TestETHBrowserOptions(t *testing.T) {
	tests := []struct {
		name             string
		args             []string
		cors, vhosts, ws []string
		err              ErrorKind
	}{
		{name: "defaults", cors: []string{"*"}, vhosts: []string{"localhost"}, ws: []string{"*"}},
		{name: "lists", args: []string{"-ethrpccorsdomain=http://localhost:3000, https://*.example.com", "-ethrpcvhosts=localhost,node.lan"},
			cors: []string{"http://localhost:3000", "https://*.example.com"}, vhosts: []string{"localhost", "node.lan"},
			ws: []string{"http://localhost:3000", "https://*.example.com"}},
		{name: "ws own", args: []string{"-ethrpcwsorigins=localhost"}, cors: []string{"*"}, vhosts: []string{"localhost"}, ws: []string{"localhost"}},
		{name: "ws empty", args: []string{"-ethrpcwsorigins="}, cors: []string{"*"}, vhosts: []string{"localhost"}},
		{name: "cors off", args: []string{"-noethrpccorsdomain"}, vhosts: []string{"localhost"}},
		{name: "vhosts star", args: []string{"-ethrpcvhosts=*"}, cors: []string{"*"}, vhosts: []string{"*"}, ws: []string{"*"}},
		{name: "vhosts empty: IPs only", args: []string{"-ethrpcvhosts="}, cors: []string{"*"}, vhosts: []string{}, ws: []string{"*"}},
		{name: "cors without scheme", args: []string{"-ethrpccorsdomain=localhost:3000"}, err: ErrInvalidValue},
		{name: "vhost with port", args: []string{"-ethrpcvhosts=localhost:8545"}, err: ErrInvalidValue},
		{name: "vhost with scheme", args: []string{"-ethrpcvhosts=http://localhost"}, err: ErrInvalidValue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _, err := load(t, tc.args, "", nil)
			if tc.err != "" {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !cmp.Equal(c.ETHRPCCORSDomain, tc.cors) || !cmp.Equal(c.ETHRPCVHosts, tc.vhosts) || !cmp.Equal(c.ETHRPCWSOrigins, tc.ws) {
				t.Fatalf("got cors %q vhosts %q (nil %v) ws %q", c.ETHRPCCORSDomain, c.ETHRPCVHosts, c.ETHRPCVHosts == nil, c.ETHRPCWSOrigins)
			}
			if tc.vhosts != nil && c.ETHRPCVHosts == nil {
				t.Fatal("vhosts nil: the check would be off")
			}
		})
	}
}
