package node

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// ethCall posts a JSON-RPC 2.0 request to url and returns the result; a
// JSON-RPC error fails the test.
func ethCall(t *testing.T, url, method string, params ...any) json.RawMessage {
	t.Helper()
	if params == nil {
		params = []any{}
	}
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
		JSONRPC string          `json:"jsonrpc"`
		Result  json.RawMessage `json:"result"`
		Error   *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&reply); err != nil {
		t.Fatalf("%s: decoding reply: %v", method, err)
	}
	if reply.Error != nil {
		t.Fatalf("%s: error %d %s", method, reply.Error.Code, reply.Error.Message)
	}
	if reply.JSONRPC != "2.0" {
		t.Fatalf("%s: jsonrpc = %q, want 2.0", method, reply.JSONRPC)
	}
	return reply.Result
}

// ethURL returns the account chain's RPC URL of a started node.
func ethURL(t *testing.T, n *Node) string {
	t.Helper()
	addrs := n.ETHRPCAddrs()
	if len(addrs) == 0 {
		t.Fatal("no account-chain RPC address")
	}
	return "http://" + addrs[0].String() + "/"
}

func jsonString(t *testing.T, r json.RawMessage) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(r, &s); err != nil {
		t.Fatalf("not a string: %s", r)
	}
	return s
}

// TestETHNodeAutomineAndRestart runs both chains, sends a signed transfer
// from dev account 0 (mined at once), and checks that a restart resumes
// the head and the balances.
func TestETHNodeAutomineAndRestart(t *testing.T) {
	dir := t.TempDir()
	n, _ := startNode(t, loadConfig(t, dir, "-disablewallet"))
	url := ethURL(t, n)
	if got := jsonString(t, ethCall(t, url, "eth_chainId")); got != "0x539" {
		t.Fatalf("eth_chainId = %s, want 0x539", got)
	}
	if banner := n.Banner(); !strings.Contains(banner, "Hardhat/ethers: "+strings.TrimSuffix(url, "/")) ||
		!strings.Contains(banner, "20 funded with 10,000 ETH") || !strings.Contains(banner, "chain id:       1337") {
		t.Fatalf("banner lacks the account chain:\n%s", banner)
	}
	var accts []string
	if err := json.Unmarshal(ethCall(t, url, "eth_accounts"), &accts); err != nil || len(accts) != ethDevAccounts {
		t.Fatalf("eth_accounts: %v %d", err, len(accts))
	}

	dev, err := ethchain.DevAccounts(1)
	if err != nil {
		t.Fatal(err)
	}
	to := ethtypes.Address{0x12, 0x34}
	tx, err := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.DynamicFeeTx{
		ChainID: *uint256.NewInt(ethchain.DevChainID), Nonce: 0, GasTipCap: *uint256.NewInt(1e9),
		GasFeeCap: *uint256.NewInt(10e9), Gas: 21000, To: &to, Value: *uint256.NewInt(1e18),
	}), ethtypes.LatestSigner(ethchain.DevChainID), secp256k1.PrivKeyFromBytes(dev[0].PrivateKey[:]))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := tx.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	hash := jsonString(t, ethCall(t, url, "eth_sendRawTransaction", "0x"+hex.EncodeToString(raw)))
	var rcpt struct {
		Status      string `json:"status"`
		BlockNumber string `json:"blockNumber"`
	}
	if err := json.Unmarshal(ethCall(t, url, "eth_getTransactionReceipt", hash), &rcpt); err != nil {
		t.Fatalf("receipt not available at once (automine): %v", err)
	}
	if rcpt.Status != "0x1" || rcpt.BlockNumber != "0x1" {
		t.Fatalf("receipt = %+v", rcpt)
	}
	// An unlocked dev account sends through eth_sendTransaction.
	ethCall(t, url, "eth_sendTransaction", map[string]string{"from": accts[1], "to": to.String(), "value": "0x1"})

	// A transaction with a nonce gap waits in the queue, journalled.
	gap, err := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.DynamicFeeTx{
		ChainID: *uint256.NewInt(ethchain.DevChainID), Nonce: 5, GasTipCap: *uint256.NewInt(1e9),
		GasFeeCap: *uint256.NewInt(10e9), Gas: 21000, To: &to, Value: *uint256.NewInt(1),
	}), ethtypes.LatestSigner(ethchain.DevChainID), secp256k1.PrivKeyFromBytes(dev[0].PrivateKey[:]))
	if err != nil {
		t.Fatal(err)
	}
	if raw, err = gap.MarshalBinary(); err != nil {
		t.Fatal(err)
	}
	ethCall(t, url, "eth_sendRawTransaction", "0x"+hex.EncodeToString(raw))

	want := map[string]string{"eth_blockNumber": "0x2"}
	balTo := jsonString(t, ethCall(t, url, "eth_getBalance", to.String(), "latest"))
	bal0 := jsonString(t, ethCall(t, url, "eth_getBalance", accts[0], "latest"))
	if balTo != "0xde0b6b3a7640001" {
		t.Fatalf("recipient balance = %s", balTo)
	}
	if got := jsonString(t, ethCall(t, url, "eth_blockNumber")); got != want["eth_blockNumber"] {
		t.Fatalf("eth_blockNumber = %s, want %s", got, want["eth_blockNumber"])
	}
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}

	n2, _ := startNode(t, loadConfig(t, dir, "-disablewallet"))
	url2 := ethURL(t, n2)
	if got := jsonString(t, ethCall(t, url2, "eth_blockNumber")); got != "0x2" {
		t.Fatalf("after restart: eth_blockNumber = %s, want 0x2", got)
	}
	if got := jsonString(t, ethCall(t, url2, "eth_getBalance", to.String(), "latest")); got != balTo {
		t.Fatalf("after restart: recipient balance = %s, want %s", got, balTo)
	}
	if got := jsonString(t, ethCall(t, url2, "eth_getBalance", accts[0], "latest")); got != bal0 {
		t.Fatalf("after restart: account 0 balance = %s, want %s", got, bal0)
	}
	if got := jsonString(t, ethCall(t, url2, "eth_getTransactionCount", accts[0], "latest")); got != "0x1" {
		t.Fatalf("after restart: nonce = %s, want 0x1", got)
	}
	var status struct{ Pending, Queued string }
	if err := json.Unmarshal(ethCall(t, url2, "txpool_status"), &status); err != nil || status.Queued != "0x1" {
		t.Fatalf("after restart: txpool_status = %+v (%v), want the journalled queued transaction", status, err)
	}
}

// TestETHNodeOff checks that -eth=0 starts no account chain and binds no
// eth port.
func TestETHNodeOff(t *testing.T) {
	port := freePort(t)
	cfg := loadConfig(t, t.TempDir(), "-disablewallet", "-eth=0", "-ethrpcport="+port)
	cfg.ETHRPCPort, _ = strconv.Atoi(port) // loadConfig chose port 0
	n, _ := startNode(t, cfg)
	if n.ETHRPCAddrs() != nil || n.ETHChain() != nil {
		t.Fatal("-eth=0 started the account chain")
	}
	if !strings.Contains(n.Banner(), "account chain:  off (-eth=0)") {
		t.Fatalf("banner:\n%s", n.Banner())
	}
	if c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, time.Second); err == nil {
		c.Close()
		t.Fatalf("port %s is bound with -eth=0", port)
	}
}

// BenchmarkETHSendRawTransactionAutomine measures transfers through
// eth_sendRawTransaction over HTTP on a node with automine (one block per
// transaction), the path Hardhat's benchmark compares.
func BenchmarkETHSendRawTransactionAutomine(b *testing.B) {
	dir := b.TempDir()
	cfg, err := config.Load([]string{"-datadir=" + dir, "-disablewallet"}, config.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	cfg.RPCListen = []string{"127.0.0.1:0"}
	cfg.ETHRPCPort = 0
	n, err := New(cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := n.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer n.Stop()
	url := "http://" + n.ETHRPCAddrs()[0].String() + "/"
	dev, err := ethchain.DevAccounts(1)
	if err != nil {
		b.Fatal(err)
	}
	key := secp256k1.PrivKeyFromBytes(dev[0].PrivateKey[:])
	signer := ethtypes.LatestSigner(ethchain.DevChainID)
	to := ethtypes.Address{0x12, 0x34}
	bodies := make([][]byte, b.N)
	for i := range bodies {
		tx, err := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.DynamicFeeTx{
			ChainID: *uint256.NewInt(ethchain.DevChainID), Nonce: uint64(i), GasTipCap: *uint256.NewInt(1e9),
			GasFeeCap: *uint256.NewInt(100e9), Gas: 21000, To: &to, Value: *uint256.NewInt(1),
		}), signer, key)
		if err != nil {
			b.Fatal(err)
		}
		raw, _ := tx.MarshalBinary()
		bodies[i] = []byte(`{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["0x` + hex.EncodeToString(raw) + `"]}`)
	}
	cl := &http.Client{Timeout: 30 * time.Second}
	b.ResetTimer()
	for i := range bodies {
		resp, err := cl.Post(url, "application/json", bytes.NewReader(bodies[i]))
		if err != nil {
			b.Fatal(err)
		}
		var reply struct {
			Error *struct{ Message string } `json:"error"`
		}
		err = json.NewDecoder(resp.Body).Decode(&reply)
		resp.Body.Close()
		if err != nil || reply.Error != nil {
			b.Fatalf("tx %d: %v %+v", i, err, reply.Error)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}

// ethTestGenesis is a small geth genesis JSON (chain id 7, one funded
// account).
const ethTestGenesis = `{
  "config": {"chainId": 7, "homesteadBlock": 0, "eip150Block": 0, "eip155Block": 0, "eip158Block": 0,
    "byzantiumBlock": 0, "constantinopleBlock": 0, "petersburgBlock": 0, "istanbulBlock": 0, "berlinBlock": 0,
    "londonBlock": 0, "ethash": {}},
  "gasLimit": "0x1c9c380", "difficulty": "0x1", "baseFeePerGas": "1000000000",
  "alloc": {"0x00000000000000000000000000000000000000aa": {"balance": "1000000000000000000"}}
}`

// TestETHNodeGenesisAndBlockTime starts the account chain from -ethgenesis
// with interval mining, then checks that another genesis is refused.
func TestETHNodeGenesisAndBlockTime(t *testing.T) {
	dir := t.TempDir()
	gen := filepath.Join(dir, "genesis.json")
	if err := os.WriteFile(gen, []byte(ethTestGenesis), 0o600); err != nil {
		t.Fatal(err)
	}
	n, _ := startNode(t, loadConfig(t, dir, "-disablewallet", "-ethgenesis="+gen, "-ethblocktime=1"))
	url := ethURL(t, n)
	if got := jsonString(t, ethCall(t, url, "eth_chainId")); got != "0x7" {
		t.Fatalf("eth_chainId = %s, want 0x7", got)
	}
	if got := jsonString(t, ethCall(t, url, "eth_getBalance", "0x00000000000000000000000000000000000000aa", "latest")); got != "0xde0b6b3a7640000" {
		t.Fatalf("balance = %s", got)
	}
	deadline := time.Now().Add(10 * time.Second)
	for jsonString(t, ethCall(t, url, "eth_blockNumber")) == "0x0" {
		if time.Now().After(deadline) {
			t.Fatal("-ethblocktime=1 mined no block in 10 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}

	// The database holds chain 7's genesis: the dev network is refused.
	nn, err := New(loadConfig(t, dir, "-disablewallet"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := nn.Start(context.Background()); err == nil || !strings.Contains(err.Error(), "genesis") {
		nn.Stop()
		t.Fatalf("start with another genesis: %v", err)
	}
}

// TestETHNodeWebSocket speaks a minimal WebSocket client to the account
// chain's port: the upgrade, one masked text frame with eth_chainId, and
// the reply frame.
func TestETHNodeWebSocket(t *testing.T) {
	n, _ := startNode(t, loadConfig(t, t.TempDir(), "-disablewallet"))
	addr := n.ETHRPCAddrs()[0].String()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	req := "GET / HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := c.Write([]byte(req)); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("upgrade: %v %v", err, resp)
	}
	payload := []byte(`{"jsonrpc":"2.0","id":7,"method":"eth_chainId","params":[]}`)
	mask := [4]byte{1, 2, 3, 4}
	frame := append([]byte{0x81, 0x80 | byte(len(payload))}, mask[:]...)
	for i, b := range payload {
		frame = append(frame, b^mask[i%4])
	}
	if _, err := c.Write(frame); err != nil {
		t.Fatal(err)
	}
	var hdr [2]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		t.Fatal(err)
	}
	size := int(hdr[1] & 0x7f)
	if hdr[0] != 0x81 || size >= 126 {
		t.Fatalf("reply frame header % x", hdr)
	}
	body := make([]byte, size)
	if _, err := io.ReadFull(br, body); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), `"result":"0x539"`) || !strings.Contains(string(body), `"id":7`) {
		t.Fatalf("reply %s", body)
	}
}
