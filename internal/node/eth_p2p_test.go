package node

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/logging"
)

// startEthDevNode starts a node on the built-in dev network with interval
// mining (so transactions wait in the pool) and its P2P listener on a free
// loopback port, connected to addNodes.
func startEthDevNode(t *testing.T, name string, addNodes ...string) *ethNetNode {
	t.Helper()
	cfg := loadConfig(t, t.TempDir(), "-btc=0", "-ethblocktime=3600")
	cfg.Server = false
	cfg.ETHPort = 0
	cfg.ETHAddNode = addNodes
	nd := &ethNetNode{name: name}
	nd.n, _ = startNode(t, cfg)
	return nd
}

// TestETHP2PDevNodesRelay connects two dev nodes: a transaction sent to
// one reaches the other's pool, a block mined on one becomes the other's
// head, and net_peerCount/net_listening/eth_syncing report the network.
func TestETHP2PDevNodesRelay(t *testing.T) {
	a := startEthDevNode(t, "A")
	b := startEthDevNode(t, "B", a.p2pAddr(t))
	for _, nd := range []*ethNetNode{a, b} {
		waitEth(t, 15*time.Second, nd.name+" to have its peer", func() bool { return nd.eth().p2p.sync.PeerCount() == 1 })
	}
	urlA, urlB := ethURL(t, a.n), ethURL(t, b.n)
	if got := jsonString(t, ethCall(t, urlB, "net_peerCount")); got != "0x1" {
		t.Errorf("net_peerCount %s", got)
	}
	if got := string(ethCall(t, urlA, "net_listening")); got != "true" {
		t.Errorf("net_listening %s", got)
	}
	if got := string(ethCall(t, urlB, "eth_syncing")); got != "false" {
		t.Errorf("eth_syncing %s", got)
	}

	var accts []string
	if err := json.Unmarshal(ethCall(t, urlA, "eth_accounts"), &accts); err != nil || len(accts) < 2 {
		t.Fatalf("eth_accounts: %v", err)
	}
	txHash := jsonString(t, ethCall(t, urlA, "eth_sendTransaction", map[string]any{"from": accts[0], "to": accts[1], "value": "0x1"}))
	var h ethtypes.Hash
	if err := h.UnmarshalText([]byte(txHash)); err != nil {
		t.Fatal(err)
	}
	waitEth(t, 15*time.Second, "the transaction in B's pool", func() bool { return b.eth().pool.Has(h) })

	blk, _, err := a.eth().miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	waitEth(t, 15*time.Second, "B to import A's block", func() bool { return b.chain().CurrentHeader().Hash() == blk.Hash() })
	if len(blk.Txs) != 1 || blk.Txs[0].Hash() != h {
		t.Fatalf("block has %d transactions", len(blk.Txs))
	}
}

// TestETHMineNeedsPoW: -ethmine on the dev network (no proof of work) is
// a startup error.
func TestETHMineNeedsPoW(t *testing.T) {
	cfg := loadConfig(t, t.TempDir(), "-btc=0", "-ethmine")
	cfg.Server = false
	cfg.ETHPort = 0
	logs, err := logging.New(logging.Config{File: cfg.DebugLogFile})
	if err != nil {
		t.Fatal(err)
	}
	defer logs.Close()
	n, err := New(cfg, logs)
	if err != nil {
		t.Fatal(err)
	}
	err = n.Start(context.Background())
	n.Stop()
	var ne *Error
	if !errors.As(err, &ne) || !strings.Contains(err.Error(), "-ethmine needs a proof-of-work network") {
		t.Fatalf("Start: %v", err)
	}
}

// TestETHEngineChoice: Ethash for a genesis with an ethash config and a
// proof-of-work difficulty (with the sizes of its ethash object), the dev
// engine otherwise.
func TestETHEngineChoice(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name    string
		genesis string // "" for the dev network
		ethash  bool
		wantErr string
	}{
		{name: "dev network"},
		{name: "pow genesis", genesis: write("pow.json", ethPoWGenesis), ethash: true},
		{name: "difficulty 1", genesis: write("d1.json", strings.Replace(ethPoWGenesis, `"0x20000"`, `"0x1"`, 1))},
		{name: "bad cache size", genesis: write("bad.json", strings.Replace(ethPoWGenesis, `6464`, `6465`, 1)),
			wantErr: "ethash"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := &config.Config{ETHGenesis: tc.genesis}
			gen, err := ethGenesis(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := ethUsesEthash(gen); got != tc.ethash && tc.wantErr == "" {
				t.Fatalf("ethUsesEthash = %v", got)
			}
			engine, err := ethEngine(cfg, gen)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ethEngine: %v, want an error about %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_, isEthash := engine.(*ethconsensus.Ethash)
			if isEthash != tc.ethash {
				t.Fatalf("engine %T", engine)
			}
		})
	}
}

// TestETHP2PLateSyncFromTwoPeers: B syncs 300 blocks with transfers
// from A over TCP; C then joins A and B and syncs the same chain.
func TestETHP2PLateSyncFromTwoPeers(t *testing.T) {
	a := startEthDevNode(t, "A")
	e := a.eth()
	key := secp256k1.PrivKeyFromBytes(e.accounts[0].PrivateKey[:])
	to := e.accounts[1].Address
	signer := ethtypes.LatestSigner(ethchain.DevChainID)
	for i := range 300 {
		tx, err := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.DynamicFeeTx{
			ChainID: *uint256.NewInt(ethchain.DevChainID), Nonce: uint64(i), GasTipCap: *uint256.NewInt(1e9),
			GasFeeCap: *uint256.NewInt(1e10), Gas: 21000, To: &to, Value: *uint256.NewInt(1),
		}), signer, key)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.pool.AddLocal(tx); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.miner.MineBlock(context.Background()); err != nil {
			t.Fatalf("block %d: %v", i+1, err)
		}
	}
	for pending, _ := e.pool.Status(); pending > 0; pending, _ = e.pool.Status() {
		if _, _, err := e.miner.MineBlock(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	head := a.chain().CurrentHeader()
	start := time.Now()
	b := startEthDevNode(t, "B", a.p2pAddr(t))
	waitEth(t, 60*time.Second, "B to sync", func() bool { return b.chain().CurrentHeader().Hash() == head.Hash() })
	t.Logf("B synced %d blocks in %v", head.Number, time.Since(start).Round(time.Millisecond))
	start = time.Now()
	c := startEthDevNode(t, "C", a.p2pAddr(t), b.p2pAddr(t))
	waitEth(t, 60*time.Second, "C to sync", func() bool { return c.chain().CurrentHeader().Hash() == head.Hash() })
	t.Logf("C synced %d blocks in %v", head.Number, time.Since(start).Round(time.Millisecond))
	if c.chain().CurrentHeader().Root != head.Root {
		t.Fatal("C: state root differs")
	}
	if data, err := os.ReadFile(c.n.cfg.DebugLogFile); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, "sync done") {
				t.Log(line)
			}
		}
	}
}
