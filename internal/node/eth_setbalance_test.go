package node

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// ethCallErr posts a JSON-RPC request to url and returns the error
// message of the reply ("" for a result).
func ethCallErr(t *testing.T, url, method string, params ...any) string {
	t.Helper()
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
	if err != nil {
		t.Fatal(err)
	}
	cl := &http.Client{Timeout: 30 * time.Second}
	resp, err := cl.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	defer resp.Body.Close()
	var reply struct {
		Error *struct{ Message string } `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&reply); err != nil {
		t.Fatalf("%s: decoding reply: %v", method, err)
	}
	if reply.Error == nil {
		return ""
	}
	return reply.Error.Message
}

// TestETHNodeSetBalance sets balances with anvil_setBalance and
// hardhat_setBalance (visible at "latest" at once): raising, lowering, to
// the wei, to zero and above 2^64 gwei; spends from such an account, checks
// the refusals, restarts the node, and replays the whole chain into a fresh
// BlockChain, which validates every block again.
func TestETHNodeSetBalance(t *testing.T) {
	dir := t.TempDir()
	n, _ := startNode(t, loadConfig(t, dir, "-disablewallet"))
	url := ethURL(t, n)

	key := secp256k1.PrivKeyFromBytes(bytes.Repeat([]byte{0x42}, 32))
	from := ethtypes.PubkeyToAddress(key.PubKey())
	other := ethtypes.Address{0x51, 0xba}
	const hundredEther = "0x56bc75e2d63100000"
	const thousandEther = "0x3635c9adc5dea00000"
	ethCall(t, url, "anvil_setBalance", from.String(), hundredEther)
	if got := jsonString(t, ethCall(t, url, "eth_getBalance", from.String(), "latest")); got != hundredEther {
		t.Fatalf("balance after anvil_setBalance = %s, want %s", got, hundredEther)
	}
	ethCall(t, url, "hardhat_setBalance", other.String(), thousandEther)
	if got := jsonString(t, ethCall(t, url, "eth_getBalance", other.String(), "latest")); got != thousandEther {
		t.Fatalf("balance after hardhat_setBalance = %s, want %s", got, thousandEther)
	}
	// The same balance again mines nothing.
	ethCall(t, url, "anvil_setBalance", other.String(), thousandEther)
	if got := jsonString(t, ethCall(t, url, "eth_blockNumber")); got != "0x2" {
		t.Fatalf("eth_blockNumber = %s, want 0x2", got)
	}

	// The funded account spends.
	tx, err := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.DynamicFeeTx{
		ChainID: *uint256.NewInt(ethchain.DevChainID), Nonce: 0, GasTipCap: *uint256.NewInt(1e9),
		GasFeeCap: *uint256.NewInt(10e9), Gas: 21000, To: &other, Value: *uint256.NewInt(1e18),
	}), ethtypes.LatestSigner(ethchain.DevChainID), key)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := tx.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	hash := jsonString(t, ethCall(t, url, "eth_sendRawTransaction", "0x"+hex.EncodeToString(raw)))
	var rcpt struct{ Status string }
	if err := json.Unmarshal(ethCall(t, url, "eth_getTransactionReceipt", hash), &rcpt); err != nil || rcpt.Status != "0x1" {
		t.Fatalf("transfer receipt %+v (%v)", rcpt, err)
	}
	if got := jsonString(t, ethCall(t, url, "eth_getBalance", other.String(), "latest")); got != "0x3643aa647986040000" {
		t.Fatalf("recipient balance = %s, want 1001 ether", got)
	}

	// Any balance: lower, to the wei, zero, above 2^64 gwei; each mines a
	// block (blocks 4 to 7).
	for _, c := range []struct{ addr, bal string }{
		{other.String(), "0x1"},
		{other.String(), "0x3643aa647986040001"},
		{from.String(), "0x0"},
		{other.String(), "0x1000000000000000000000001"}, // 2^96 + 1 wei
		{other.String(), "0x2a"},
	} {
		ethCall(t, url, "anvil_setBalance", c.addr, c.bal)
		if got := jsonString(t, ethCall(t, url, "eth_getBalance", c.addr, "latest")); got != c.bal {
			t.Fatalf("anvil_setBalance(%s, %s): balance %s", c.addr, c.bal, got)
		}
	}
	if got := jsonString(t, ethCall(t, url, "eth_blockNumber")); got != "0x8" {
		t.Fatalf("eth_blockNumber = %s, want 0x8", got)
	}
	// Refusals: the coinbase, a balance beyond what 64 withdrawals carry.
	for name, c := range map[string]struct{ addr, bal, want string }{
		"coinbase": {ethCoinbase.String(), thousandEther, "coinbase"},
		"huge":     {other.String(), "0x" + strings.Repeat("f", 64), "too large"},
	} {
		if msg := ethCallErr(t, url, "anvil_setBalance", c.addr, c.bal); !strings.Contains(msg, c.want) {
			t.Errorf("%s: error %q, want %q", name, msg, c.want)
		}
	}
	balFrom := jsonString(t, ethCall(t, url, "eth_getBalance", from.String(), "latest"))
	balOther := jsonString(t, ethCall(t, url, "eth_getBalance", other.String(), "latest"))
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}

	n2, _ := startNode(t, loadConfig(t, dir, "-disablewallet"))
	url2 := ethURL(t, n2)
	if got := jsonString(t, ethCall(t, url2, "eth_blockNumber")); got != "0x8" {
		t.Fatalf("after restart: eth_blockNumber = %s, want 0x8", got)
	}
	if got := jsonString(t, ethCall(t, url2, "eth_getBalance", from.String(), "latest")); got != balFrom {
		t.Fatalf("after restart: balance = %s, want %s", got, balFrom)
	}
	if got := jsonString(t, ethCall(t, url2, "eth_getBalance", other.String(), "latest")); got != balOther {
		t.Fatalf("after restart: balance = %s, want %s", got, balOther)
	}

	// Every block validates again from genesis in a fresh chain.
	gen, err := ethchain.DevGenesis()
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := ethchain.NewBlockChain(memdb.New(), ethchain.Config{Genesis: gen, Engine: ethconsensus.NewDev(ethconsensus.DevConfig{})})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Stop()
	src := n2.ETHChain()
	var blocks []*ethtypes.Block
	for i := uint64(1); i <= 8; i++ {
		b, ok := src.GetBlockByNumber(i)
		if !ok {
			t.Fatalf("block %d missing", i)
		}
		blocks = append(blocks, b)
	}
	if k, err := fresh.InsertChain(blocks); err != nil {
		t.Fatalf("re-validating block %d: %v", k, err)
	}
	if fresh.CurrentHeader().Root != src.CurrentHeader().Root {
		t.Fatal("replayed chain's state root differs")
	}
}

// TestETHNodeSetBalanceNotDev checks that a chain other than the dev
// network refuses anvil_setBalance.
func TestETHNodeSetBalanceNotDev(t *testing.T) {
	dir := t.TempDir()
	gen := filepath.Join(dir, "genesis.json")
	if err := os.WriteFile(gen, []byte(ethTestGenesis), 0o600); err != nil {
		t.Fatal(err)
	}
	n, _ := startNode(t, loadConfig(t, dir, "-disablewallet", "-ethgenesis="+gen))
	url := ethURL(t, n)
	if msg := ethCallErr(t, url, "anvil_setBalance", "0x00000000000000000000000000000000000000aa", "0x56bc75e2d63100000"); !strings.Contains(msg, "only offered on the dev network") {
		t.Fatalf("anvil_setBalance on chain 7: %q", msg)
	}
	if got := jsonString(t, ethCall(t, url, "eth_blockNumber")); got != "0x0" {
		t.Fatalf("eth_blockNumber = %s, want 0x0", got)
	}
}
