package node

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// ethPoWGenesis is a proof-of-work network for the multi-node tests:
// Ethash with a 6 KiB cache and a 128 KiB dataset (our extension of the
// genesis "ethash" object), the minimum difficulty, forks through London.
const ethPoWGenesis = `{
  "config": {
    "chainId": 4242, "homesteadBlock": 0, "eip150Block": 0, "eip155Block": 0, "eip158Block": 0,
    "byzantiumBlock": 0, "constantinopleBlock": 0, "petersburgBlock": 0, "istanbulBlock": 0,
    "berlinBlock": 0, "londonBlock": 0,
    "ethash": {"cacheBytes": 6464, "datasetBytes": 130688}
  },
  "difficulty": "0x20000",
  "gasLimit": "0x1c9c380",
  "baseFeePerGas": "0x3b9aca00",
  "extraData": "0x74776e",
  "alloc": {}
}`

// ethNetNode is one node of an account-chain network test.
type ethNetNode struct {
	name      string
	n         *Node
	etherbase ethtypes.Address
}

func (nd *ethNetNode) chain() *ethchain.BlockChain { return nd.n.ETHChain() }

func (nd *ethNetNode) p2pAddr(t *testing.T) string {
	t.Helper()
	addrs := nd.n.ETHP2PAddrs()
	if len(addrs) == 0 {
		t.Fatalf("%s: no P2P address", nd.name)
	}
	return addrs[0].String()
}

func (nd *ethNetNode) eth() *ethNode {
	nd.n.mu.Lock()
	defer nd.n.mu.Unlock()
	return nd.n.eth
}

// startEthNetNode starts a node with only the account chain on genesis,
// its P2P listener on a free loopback port, connected to addNodes.
func startEthNetNode(t *testing.T, name, genesis string, mine bool, base byte, addNodes ...string) *ethNetNode {
	t.Helper()
	nd := &ethNetNode{name: name, etherbase: ethtypes.Address{0xba, 0x5e, base}}
	args := []string{"-btc=0", "-ethgenesis=" + genesis, "-etherbase=" + nd.etherbase.Hex()}
	if mine {
		args = append(args, "-ethmine")
	}
	cfg := loadConfig(t, t.TempDir(), args...)
	cfg.Server = false
	cfg.ETHPort = 0
	cfg.ETHAddNode = addNodes
	nd.n, _ = startNode(t, cfg)
	return nd
}

// waitEth polls cond every 20 ms until it holds or d passes (a failure
// guard: the network's progress is not driven by the test).
func waitEth(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// canonicalUncles counts the uncles included in nd's canonical chain.
func canonicalUncles(t *testing.T, bc *ethchain.BlockChain) int {
	t.Helper()
	n := 0
	head := bc.CurrentHeader().Number
	for i := uint64(1); i <= head; i++ {
		b, ok := bc.GetBlockByNumber(i)
		if !ok {
			return n // a reorg under our feet: count again next time
		}
		n += len(b.Uncles)
	}
	return n
}

// expectedRewards sums the proof-of-work rewards over bc's canonical
// chain: the block reward plus 1/32 of it per included uncle to the
// block's miner, and (8-(N-U))/8 of it to each uncle's miner.
func expectedRewards(t *testing.T, bc *ethchain.BlockChain) (map[ethtypes.Address]*uint256.Int, int, int) {
	t.Helper()
	out := map[ethtypes.Address]*uint256.Int{}
	add := func(a ethtypes.Address, v *uint256.Int) {
		if out[a] == nil {
			out[a] = new(uint256.Int)
		}
		out[a].Add(out[a], v)
	}
	head := bc.CurrentHeader().Number
	uncles := 0
	for i := uint64(1); i <= head; i++ {
		b, ok := bc.GetBlockByNumber(i)
		if !ok {
			t.Fatalf("no canonical block %d", i)
		}
		if len(b.Txs) != 0 {
			t.Fatalf("block %d has transactions", i)
		}
		r := ethconsensus.BlockReward(bc.Config(), i)
		mined := new(uint256.Int).Set(r)
		for _, u := range b.Uncles {
			uncles++
			mined.Add(mined, new(uint256.Int).Div(r, uint256.NewInt(32)))
			share := new(uint256.Int).Mul(r, uint256.NewInt(8+u.Number-i))
			share.Div(share, uint256.NewInt(8))
			add(u.Coinbase, share)
		}
		add(b.Header.Coinbase, mined)
	}
	return out, int(head), uncles
}

// TestETHNetworkMinersUnclesAndLateJoiner runs three Ethash miners in a
// triangle until the canonical chain includes uncles, stops them, checks
// that the nodes agree on head and state and that every miner's balance is
// exactly its rewards, then starts a fourth node that syncs the chain.
func TestETHNetworkMinersUnclesAndLateJoiner(t *testing.T) {
	if testing.Short() || ethRaceEnabled {
		t.Skip("proof-of-work network test: too slow under -short or -race")
	}
	genesis := filepath.Join(t.TempDir(), "genesis.json")
	if err := os.WriteFile(genesis, []byte(ethPoWGenesis), 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	a := startEthNetNode(t, "A", genesis, true, 0xa)
	b := startEthNetNode(t, "B", genesis, true, 0xb, a.p2pAddr(t))
	c := startEthNetNode(t, "C", genesis, true, 0xc, a.p2pAddr(t), b.p2pAddr(t))
	miners := []*ethNetNode{a, b, c}
	for _, nd := range miners {
		waitEth(t, 20*time.Second, nd.name+" to have 2 peers", func() bool { return nd.eth().p2p.sync.PeerCount() == 2 })
	}

	// Mine until the canonical chain includes an uncle (90 s cap).
	waitEth(t, 90*time.Second, "an uncle in the canonical chain", func() bool {
		return canonicalUncles(t, a.chain()) > 0
	})
	for _, nd := range miners {
		nd.eth().miner.Stop()
	}
	mined := time.Since(start)

	// Converge: two equally heavy heads can stand; a block mined on A's
	// head then decides.
	converged := func() bool {
		h := a.chain().CurrentHeader()
		for _, nd := range miners[1:] {
			if nd.chain().CurrentHeader().Hash() != h.Hash() {
				return false
			}
		}
		return true
	}
	for try := 0; !converged(); try++ {
		deadline := time.Now().Add(2 * time.Second)
		for !converged() && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if converged() {
			break
		}
		if try == 5 {
			t.Fatal("the miners do not converge")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		if _, _, err := a.eth().miner.MineBlock(ctx); err != nil {
			t.Fatal(err)
		}
		cancel()
	}
	head := a.chain().CurrentHeader()
	for _, nd := range miners {
		if r := nd.chain().CurrentHeader().Root; r != head.Root {
			t.Fatalf("%s: state root %s, want %s", nd.name, r, head.Root)
		}
	}

	want, blocks, uncles := expectedRewards(t, a.chain())
	st, err := a.chain().State()
	if err != nil {
		t.Fatal(err)
	}
	var per []string
	for _, nd := range miners {
		got := st.GetBalance(nd.etherbase)
		exp := want[nd.etherbase]
		if exp == nil {
			exp = new(uint256.Int)
		}
		if got.Cmp(exp) != 0 {
			t.Errorf("%s: balance %s, want %s", nd.name, got.Dec(), exp.Dec())
		}
		per = append(per, fmt.Sprintf("%s %s wei", nd.name, got.Dec()))
		delete(want, nd.etherbase)
	}
	if len(want) != 0 {
		t.Errorf("rewards to unknown addresses: %v", want)
	}
	t.Logf("%d blocks, %d uncles in %v; balances: %s", blocks, uncles, mined.Round(time.Millisecond), strings.Join(per, ", "))

	// A late joiner syncs the whole chain.
	syncStart := time.Now()
	d := startEthNetNode(t, "D", genesis, false, 0xd, a.p2pAddr(t))
	waitEth(t, 30*time.Second, "D to sync", func() bool { return d.chain().CurrentHeader().Hash() == head.Hash() })
	if d.chain().CurrentHeader().Root != head.Root {
		t.Fatal("D: state root differs")
	}
	url := ethURL(t, d.n)
	if got := jsonString(t, ethCall(t, url, "net_peerCount")); got != "0x1" {
		t.Errorf("D: net_peerCount %s", got)
	}
	if got := string(ethCall(t, url, "eth_syncing")); got != "false" {
		t.Errorf("D: eth_syncing %s", got)
	}
	t.Logf("late joiner synced %d blocks in %v", head.Number, time.Since(syncStart).Round(time.Millisecond))
	if data, err := os.ReadFile(d.n.cfg.DebugLogFile); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, "sync done") {
				t.Log(line)
			}
		}
	}
}
