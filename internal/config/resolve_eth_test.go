package config

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
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
