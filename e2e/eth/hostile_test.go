package eth

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/gorilla/websocket"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// rpcErr is a JSON-RPC error object.
type rpcErr struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

// rpcReply is one JSON-RPC reply.
type rpcReply struct {
	ID     json.RawMessage `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *rpcErr         `json:"error"`
}

// hclient talks JSON-RPC over HTTP to one node.
type hclient struct {
	t    *testing.T
	url  string
	http *http.Client
	id   int
}

func newHClient(t *testing.T, n *node) *hclient {
	return &hclient{t: t, url: n.url(), http: &http.Client{Timeout: 60 * time.Second}}
}

// post sends body and returns the HTTP status and the reply body.
func (c *hclient) post(body []byte) (int, []byte) {
	c.t.Helper()
	resp, err := c.http.Post(c.url, "application/json", bytes.NewReader(body))
	if err != nil {
		c.t.Fatalf("POST: %v", err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("reading the reply: %v", err)
	}
	return resp.StatusCode, out
}

// call sends one JSON-RPC 2.0 request and returns its reply.
func (c *hclient) call(method string, params ...any) rpcReply {
	c.t.Helper()
	if params == nil {
		params = []any{}
	}
	c.id++
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": c.id, "method": method, "params": params})
	if err != nil {
		c.t.Fatal(err)
	}
	status, out := c.post(body)
	var r rpcReply
	if err := json.Unmarshal(out, &r); err != nil {
		c.t.Fatalf("%s: HTTP %d, reply is not JSON-RPC: %q", method, status, out)
	}
	return r
}

// must calls method and decodes its result into v (nil: ignored), failing
// the test on an error reply.
func (c *hclient) must(v any, method string, params ...any) {
	c.t.Helper()
	r := c.call(method, params...)
	if r.Error != nil {
		c.t.Fatalf("%s: error %d %q", method, r.Error.Code, r.Error.Message)
	}
	if v != nil {
		if err := json.Unmarshal(r.Result, v); err != nil {
			c.t.Fatalf("%s: result %s: %v", method, r.Result, err)
		}
	}
}

// quantity calls method and returns its hex quantity result.
func (c *hclient) quantity(method string, params ...any) uint64 {
	c.t.Helper()
	var s string
	c.must(&s, method, params...)
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, 64)
	if err != nil {
		c.t.Fatalf("%s: %q is not a quantity", method, s)
	}
	return v
}

// wantError checks that r is the error code with a message starting with
// prefix, and logs the message seen.
func wantError(t *testing.T, name string, r rpcReply, code int, prefix string) {
	t.Helper()
	if r.Error == nil {
		t.Errorf("%s: got result %s, want error %d %q", name, r.Result, code, prefix)
		return
	}
	t.Logf("%-28s %d %q", name, r.Error.Code, r.Error.Message)
	if r.Error.Code != code || !strings.HasPrefix(r.Error.Message, prefix) {
		t.Errorf("%s: got error %d %q, want %d %q...", name, r.Error.Code, r.Error.Message, code, prefix)
	}
}

// devKey is a key of the dev network and its address.
type devKey struct {
	key  *secp256k1.PrivateKey
	addr ethtypes.Address
}

func devKeys(t *testing.T) []devKey {
	t.Helper()
	accts, err := ethchain.DevAccounts(ethchain.DevAccountCount)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]devKey, len(accts))
	for i, a := range accts {
		out[i] = devKey{key: secp256k1.PrivKeyFromBytes(a.PrivateKey[:]), addr: a.Address}
	}
	return out
}

// chainID is the dev network's.
const chainID = ethchain.DevChainID

func gwei(n uint64) uint256.Int {
	var v uint256.Int
	v.Mul(uint256.NewInt(n), uint256.NewInt(1e9))
	return v
}

// dynTx is a type-2 transaction with 100 gwei max fee and 1 gwei tip.
func dynTx(nonce uint64, to *ethtypes.Address, gas uint64, value uint64, data []byte) *ethtypes.DynamicFeeTx {
	return &ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(chainID), Nonce: nonce, GasTipCap: gwei(1), GasFeeCap: gwei(100),
		Gas: gas, To: to, Value: *uint256.NewInt(value), Data: data}
}

// sign signs d with k under signer s.
func sign(t *testing.T, d ethtypes.TxData, s ethtypes.Signer, k *secp256k1.PrivateKey) *ethtypes.Transaction {
	t.Helper()
	tx, err := ethtypes.SignTx(ethtypes.NewTx(d), s, k)
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

// rawHex returns the 0x-hex encoding of tx.
func rawHex(t *testing.T, tx *ethtypes.Transaction) string {
	t.Helper()
	b, err := tx.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return "0x" + hex.EncodeToString(b)
}

// nonceOf returns addr's nonce at the latest block.
func (c *hclient) nonceOf(addr ethtypes.Address) uint64 {
	c.t.Helper()
	return c.quantity("eth_getTransactionCount", addr.Hex(), "latest")
}

// mined checks that the transaction hash has a receipt with status 1 and
// returns the receipt.
func (c *hclient) mined(hash string) map[string]any {
	c.t.Helper()
	var rcpt map[string]any
	c.must(&rcpt, "eth_getTransactionReceipt", hash)
	if rcpt == nil || rcpt["status"] != "0x1" {
		c.t.Fatalf("transaction %s: receipt %v, want status 0x1", hash, rcpt)
	}
	return rcpt
}

// deploy sends init code from k (automine) and returns the new contract's
// address.
func (c *hclient) deploy(k devKey, initCode []byte) string {
	c.t.Helper()
	tx := sign(c.t, dynTx(c.nonceOf(k.addr), nil, 1_000_000, 0, initCode), ethtypes.LatestSigner(chainID), k.key)
	var hash string
	c.must(&hash, "eth_sendRawTransaction", rawHex(c.t, tx))
	addr, _ := c.mined(hash)["contractAddress"].(string)
	if addr == "" {
		c.t.Fatalf("deploy %s: no contract address", hash)
	}
	return addr
}

// initCodeFor returns init code that deploys runtime (at most 255 bytes).
func initCodeFor(runtime []byte) []byte {
	n := byte(len(runtime))
	// PUSH1 n PUSH1 12 PUSH1 0 CODECOPY PUSH1 n PUSH1 0 RETURN
	return append([]byte{0x60, n, 0x60, 12, 0x60, 0, 0x39, 0x60, n, 0x60, 0, 0xf3}, runtime...)
}

// Contracts used by the execution cases, in raw EVM bytecode.
var (
	// recurseCode CALLs itself with all the gas it may pass on and
	// reverts when that call fails, so the deepest failure (call depth
	// 1024 or, with the gas cap and the 63/64 rule, gas running out some
	// 820 frames down) unwinds as a revert of the outermost call.
	recurseCode = []byte{
		0x60, 0, 0x60, 0, 0x60, 0, 0x60, 0, 0x60, 0, // retSize retOffset argsSize argsOffset value
		0x30, 0x5a, 0xf1, // ADDRESS GAS CALL
		0x60, 0x15, 0x57, // PUSH1 ok JUMPI
		0x60, 0, 0x60, 0, 0xfd, // REVERT(0, 0)
		0x5b, 0x00, // ok: JUMPDEST STOP
	}
	// loopCode loops forever: JUMPDEST PUSH1 0 JUMP.
	loopCode = []byte{0x5b, 0x60, 0, 0x56}
)

// TestHostileRPC sends the account chain's JSON-RPC what careless or hostile
// clients send — every class of invalid transaction, malformed and
// oversized requests, runaway contract calls, floods of subscriptions and
// WebSocket connections — and checks each gets geth's error code and
// message, that memory stays bounded and that the node keeps serving: at
// the end eth_blockNumber answers and a plain transfer is mined.
func TestHostileRPC(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e tests are skipped in -short mode")
	}
	n := startNode(t)
	c := newHClient(t, n)
	keys := devKeys(t)
	t.Run("transactions", func(t *testing.T) { hostileTransactions(t, n, keys) })
	t.Run("requests", func(t *testing.T) { hostileRequests(t, n) })
	t.Run("execution", func(t *testing.T) { hostileExecution(t, n, keys) })
	t.Run("websocket", func(t *testing.T) { hostileWebSocket(t, n, keys) })
	t.Run("loopback", func(t *testing.T) { loopbackOnly(t, n) })

	// After all of it the node still serves and mines.
	before := c.quantity("eth_blockNumber")
	to := keys[19].addr
	tx := sign(t, dynTx(c.nonceOf(keys[0].addr), &to, 21000, 1, nil), ethtypes.LatestSigner(chainID), keys[0].key)
	var hash string
	c.must(&hash, "eth_sendRawTransaction", rawHex(t, tx))
	c.mined(hash)
	if after := c.quantity("eth_blockNumber"); after != before+1 {
		t.Errorf("eth_blockNumber %d after a transfer, want %d", after, before+1)
	}
	t.Logf("node RSS at the end: %d MiB", rssMiB(t, n))
}

// hostileTransactions sends one transaction of each invalid class through
// eth_sendRawTransaction. The messages are geth's (core/error.go,
// core/txpool/errors.go, core/types): the kind's text, then details.
func hostileTransactions(t *testing.T, n *node, keys []devKey) {
	c := newHClient(t, n)
	signer := ethtypes.LatestSigner(chainID)
	send := func(tx *ethtypes.Transaction) rpcReply {
		t.Helper()
		return c.call("eth_sendRawTransaction", rawHex(t, tx))
	}
	a, b := keys[1], keys[2]
	to := keys[3].addr
	gasLimit := func() uint64 {
		var blk struct {
			GasLimit string `json:"gasLimit"`
		}
		c.must(&blk, "eth_getBlockByNumber", "latest", false)
		v, _ := strconv.ParseUint(strings.TrimPrefix(blk.GasLimit, "0x"), 16, 64)
		return v
	}()

	// A valid transfer is mined (automine); the same nonce again is too low.
	first := sign(t, dynTx(c.nonceOf(a.addr), &to, 21000, 1, nil), signer, a.key)
	var hash string
	c.must(&hash, "eth_sendRawTransaction", rawHex(t, first))
	c.mined(hash)
	again := dynTx(first.Nonce(), &to, 21000, 2, nil)
	wantError(t, "nonce too low", send(sign(t, again, signer, a.key)), -32000, "nonce too low")

	// A gapped nonce is accepted and queued, as geth does (the pool
	// keeps it until the gap fills); the same bytes again are already
	// known, another transaction with that nonce and the same fees is an
	// underpriced replacement.
	gap := c.nonceOf(b.addr) + 5
	future := sign(t, dynTx(gap, &to, 21000, 1, nil), signer, b.key)
	r := send(future)
	if r.Error != nil {
		t.Errorf("nonce too high (gapped): got error %d %q, want the hash (queued, as geth)", r.Error.Code, r.Error.Message)
	} else {
		var status struct{ Pending, Queued string }
		c.must(&status, "txpool_status")
		t.Logf("%-28s accepted %s, txpool_status %+v", "nonce too high (gapped)", r.Result, status)
		if status.Queued == "0x0" {
			t.Errorf("the gapped transaction is not queued: txpool_status %+v", status)
		}
	}
	wantError(t, "already known", send(future), -32000, "already known")
	wantError(t, "replacement underpriced", send(sign(t, dynTx(gap, &to, 21000, 2, nil), signer, b.key)), -32000,
		"replacement transaction underpriced")

	// A key without funds.
	poor, err := secp256k1.GeneratePrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, "insufficient funds", send(sign(t, dynTx(0, &to, 21000, 1, nil), signer, poor)), -32000,
		"insufficient funds for gas * price + value")

	nonce := c.nonceOf(a.addr)
	wantError(t, "intrinsic gas too low", send(sign(t, dynTx(nonce, &to, 20999, 1, nil), signer, a.key)), -32000,
		"intrinsic gas too low")
	wantError(t, "exceeds block gas limit", send(sign(t, dynTx(nonce, &to, gasLimit+1, 1, nil), signer, a.key)), -32000,
		"exceeds block gas limit")

	low := dynTx(nonce, &to, 21000, 1, nil)
	low.GasFeeCap, low.GasTipCap = *uint256.NewInt(1), *uint256.NewInt(1)
	wantError(t, "fee cap below base fee", send(sign(t, low, signer, a.key)), -32000,
		"max fee per gas less than block base fee")
	tip := dynTx(nonce, &to, 21000, 1, nil)
	tip.GasTipCap = gwei(101)
	wantError(t, "tip above fee cap", send(sign(t, tip, signer, a.key)), -32000,
		"max priority fee per gas higher than max fee per gas")
	maxNonce := dynTx(^uint64(0), &to, 21000, 1, nil)
	wantError(t, "nonce max", send(sign(t, maxNonce, signer, a.key)), -32000, "nonce has max value")

	// Signatures: another chain's id (EIP-155 legacy and typed), and
	// signature values out of range.
	other := ethtypes.NewLondonSigner(1)
	legacy := &ethtypes.LegacyTx{Nonce: nonce, GasPrice: gwei(100), Gas: 21000, To: &to, Value: *uint256.NewInt(1)}
	wantError(t, "wrong chain id (EIP-155)", send(sign(t, legacy, other, a.key)), -32000,
		"invalid sender: invalid chain id for signer")
	typed := dynTx(nonce, &to, 21000, 1, nil)
	typed.ChainID = *uint256.NewInt(1)
	wantError(t, "wrong chain id (type 2)", send(sign(t, typed, other, a.key)), -32000,
		"invalid sender: invalid chain id for signer")
	badSig := *legacy
	badSig.V = *uint256.NewInt(chainID*2 + 35)
	badSig.R = uint256.Int{}
	badSig.S = *uint256.NewInt(1)
	wantError(t, "signature out of range", send(ethtypes.NewTx(&badSig)), -32000,
		"invalid sender: invalid transaction v, r, s values")

	// A legacy transaction without EIP-155 replay protection: geth's RPC
	// refuses it by default ("only replay-protected (EIP-155) transactions
	// allowed over RPC", --rpc.allow-unprotected-txs lifts it); the dev
	// node takes it as Hardhat and anvil do (Nick's-method deployments
	// need it).
	unprotected := sign(t, &ethtypes.LegacyTx{Nonce: nonce, GasPrice: gwei(100), Gas: 21000, To: &to, Value: *uint256.NewInt(1)},
		ethtypes.NewHomesteadSigner(), a.key)
	if r := send(unprotected); r.Error != nil {
		t.Logf("%-28s %d %q", "unprotected legacy", r.Error.Code, r.Error.Message)
	} else {
		t.Logf("%-28s accepted %s (as Hardhat/anvil; geth refuses by default)", "unprotected legacy", r.Result)
		nonce++
	}

	// Sizes: a transaction above the pool's 128 KiB, init code above
	// EIP-3860's 49,152 bytes.
	wantError(t, "oversized data", send(sign(t, dynTx(nonce, &to, 5_000_000, 0, make([]byte, 128*1024)), signer, a.key)), -32000,
		"oversized data")
	wantError(t, "init code too large", send(sign(t, dynTx(nonce, nil, 5_000_000, 0, make([]byte, 49153)), signer, a.key)), -32000,
		"max initcode size exceeded")

	// Encodings: RLP garbage, truncated envelopes, an unknown type, a blob
	// transaction (the dev pool takes none, as geth's legacy pool).
	for _, raw := range []string{"0xdeadbeef", "0xc0", "0x02c0", "0xf8"} {
		r := c.call("eth_sendRawTransaction", raw)
		if r.Error == nil || r.Error.Code != -32000 || !strings.Contains(r.Error.Message, "rlp: ") {
			t.Errorf("rlp garbage %s: got %+v %s, want -32000 with the rlp error", raw, r.Error, r.Result)
		} else {
			t.Logf("%-28s %d %q", "rlp garbage "+raw, r.Error.Code, r.Error.Message)
		}
	}
	wantError(t, "unsupported type 0x05", c.call("eth_sendRawTransaction", "0x05c0"), -32000, "transaction type not supported")
	wantError(t, "unsupported type 0x7f", c.call("eth_sendRawTransaction", "0x7fc0"), -32000, "transaction type not supported")
	blob := &ethtypes.BlobTx{ChainID: *uint256.NewInt(chainID), Nonce: nonce, GasTipCap: gwei(1), GasFeeCap: gwei(100),
		Gas: 21000, To: to, BlobFeeCap: gwei(1), BlobHashes: []ethtypes.Hash{{ethtypes.BlobHashVersionKZG}}}
	wantError(t, "blob transaction", send(sign(t, blob, signer, a.key)), -32000, "transaction type not supported")
	wantError(t, "missing raw param", c.call("eth_sendRawTransaction"), -32602, "missing value for required argument 0")
	wantError(t, "raw not hex", c.call("eth_sendRawTransaction", "hello"), -32602, "invalid argument 0")

	// None of the rejected transactions changed a balance or a nonce.
	if got := c.nonceOf(a.addr); got != nonce {
		t.Errorf("sender nonce %d after the rejections, want %d", got, nonce)
	}
}

// hostileRequests sends malformed JSON-RPC.
func hostileRequests(t *testing.T, n *node) {
	c := newHClient(t, n)
	decode := func(name string, body []byte) rpcReply {
		t.Helper()
		status, out := c.post(body)
		var r rpcReply
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("%s: HTTP %d, reply is not a JSON-RPC object: %q", name, status, out)
		}
		return r
	}
	// Malformed JSON and non-objects: geth's -32700 "parse error", HTTP
	// 200 with a JSON-RPC 2.0 reply.
	for _, tc := range []struct{ name, body string }{
		{"truncated JSON", `{"jsonrpc":"2.0","id":1,`},
		{"not JSON", `hello`},
		{"a string", `"eth_blockNumber"`},
		{"a number", `42`},
		{"truncated batch", `[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},`},
	} {
		status, out := c.post([]byte(tc.body))
		var r rpcReply
		if err := json.Unmarshal(out, &r); err != nil || status != http.StatusOK || !bytes.Contains(out, []byte(`"jsonrpc":"2.0"`)) {
			t.Errorf("%s: HTTP %d %q, want 200 and a JSON-RPC 2.0 error", tc.name, status, out)
			continue
		}
		wantError(t, tc.name, r, -32700, "parse error")
	}
	wantError(t, "unknown method", c.call("eth_noSuchMethod"), -32601,
		"the method eth_noSuchMethod does not exist/is not available")
	status, out := c.post([]byte(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":"x"}`))
	var nonArray rpcReply
	if err := json.Unmarshal(out, &nonArray); err != nil {
		t.Fatalf("params not a list: HTTP %d %q", status, out)
	}
	wantError(t, "params not a list", nonArray, -32602, "non-array args")
	wantError(t, "param of wrong type", c.call("eth_getBalance", 123, "latest"), -32602, "invalid argument 0")
	wantError(t, "bad hex address", c.call("eth_getBalance", "0xzz", "latest"), -32602, "invalid argument 0")
	wantError(t, "bad block tag", c.call("eth_getBlockByNumber", "yesterday", false), -32602, "invalid argument 0")
	wantError(t, "missing param", c.call("eth_getBalance"), -32602, "missing value for required argument 0")
	wantError(t, "subscribe over HTTP", c.call("eth_subscribe", "newHeads"), -32601, "notifications not supported")

	// A batch with garbage members: each garbage member gets -32600, the
	// good one its result, in order.
	status, out = c.post([]byte(`[1,"x",null,{"jsonrpc":"2.0","id":7,"method":"eth_blockNumber","params":[]},{}]`))
	var batch []rpcReply
	if err := json.Unmarshal(out, &batch); err != nil || len(batch) != 5 {
		t.Fatalf("batch with garbage: HTTP %d %q", status, out)
	}
	for i, r := range batch {
		switch {
		case i == 3:
			if r.Error != nil || string(r.ID) != "7" {
				t.Errorf("batch member 3: %+v, want a result with id 7", r)
			}
		case r.Error == nil || r.Error.Code != -32600 || r.Error.Message != "invalid request":
			t.Errorf("batch member %d: %+v, want -32600 invalid request", i, r.Error)
		}
	}
	t.Logf("%-28s HTTP %d %s", "batch with garbage", status, out)
	r := decode("empty batch", []byte(`[]`))
	wantError(t, "empty batch", r, -32600, "empty batch")

	// A batch above the limit is refused whole (geth: 1000 calls, one
	// "batch too large" error); one at the limit is served.
	mkBatch := func(k int) []byte {
		var b bytes.Buffer
		b.WriteByte('[')
		for i := range k {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"jsonrpc":"2.0","id":%d,"method":"eth_chainId","params":[]}`, i+1)
		}
		b.WriteByte(']')
		return b.Bytes()
	}
	status, out = c.post(mkBatch(1000))
	if err := json.Unmarshal(out, &batch); err != nil || len(batch) != 1000 || batch[999].Error != nil {
		t.Errorf("batch of 1000: HTTP %d, %d replies (%v)", status, len(batch), err)
	}
	status, out = c.post(mkBatch(1001))
	batch = nil
	if err := json.Unmarshal(out, &batch); err != nil || len(batch) != 1 {
		t.Errorf("batch of 1001: HTTP %d, %d replies (%v), want one error", status, len(batch), err)
	} else {
		wantError(t, "batch of 1001", batch[0], -32600, "batch too large")
	}

	// A batch of 1000 eth_sendRawTransaction calls (answered as one run:
	// decoded, recovered, pooled together) carrying garbage: each call
	// gets its own error, in order, and the node goes on serving.
	var raw bytes.Buffer
	raw.WriteByte('[')
	for i := range 1000 {
		if i > 0 {
			raw.WriteByte(',')
		}
		param := fmt.Sprintf(`"0x%02x%x"`, i%4, bytes.Repeat([]byte{byte(i)}, i%64))
		if i%10 == 9 {
			param = `{"not":"hex"}`
		}
		fmt.Fprintf(&raw, `{"jsonrpc":"2.0","id":%d,"method":"eth_sendRawTransaction","params":[%s]}`, i+1, param)
	}
	raw.WriteByte(']')
	start := time.Now()
	status, out = c.post(raw.Bytes())
	batch = nil
	if err := json.Unmarshal(out, &batch); err != nil || len(batch) != 1000 {
		t.Fatalf("batch of 1000 garbage transactions: HTTP %d, %d replies (%v)", status, len(batch), err)
	}
	for i, r := range batch {
		if string(r.ID) != fmt.Sprint(i+1) || r.Error == nil || r.Result != nil {
			t.Fatalf("garbage transaction %d: %+v, want its own error", i+1, r)
		}
	}
	t.Logf("%-28s HTTP %d, 1000 errors in %v (first: %d %s)", "batch of garbage txs", status,
		time.Since(start).Round(time.Millisecond), batch[0].Error.Code, batch[0].Error.Message)
	c.must(nil, "eth_chainId")

	// A body above 5 MiB (geth's limit): 413, before any parsing.
	big := append([]byte(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":["`), bytes.Repeat([]byte("a"), 5<<20)...)
	big = append(big, `"]}`...)
	status, out = c.post(big)
	t.Logf("%-28s HTTP %d %q", "body above 5 MiB", status, out)
	if status != http.StatusRequestEntityTooLarge {
		t.Errorf("body of %d bytes: HTTP %d, want 413", len(big), status)
	}
	c.must(nil, "eth_chainId")
}

// hostileExecution runs contract calls that recurse to the depth limit or
// loop forever, with gas far above the RPC gas cap.
func hostileExecution(t *testing.T, n *node, keys []devKey) {
	c := newHClient(t, n)
	k := keys[4]
	recurse := c.deploy(k, initCodeFor(recurseCode))
	loop := c.deploy(k, initCodeFor(loopCode))
	from := k.addr.Hex()
	huge := "0x3b9aca00" // 1e9 gas, 20 times geth's RPCGasCap

	start := time.Now()
	r := c.call("eth_call", map[string]any{"from": from, "to": recurse, "gas": huge}, "latest")
	wantError(t, "deep recursion eth_call", r, 3, "execution reverted")
	r = c.call("eth_estimateGas", map[string]any{"from": from, "to": recurse}, "latest")
	wantError(t, "deep recursion estimate", r, 3, "execution reverted")
	t.Logf("recursion calls took %v", time.Since(start))

	// The infinite loop stops at the cap (50,000,000 gas) with geth's
	// messages: out of gas for eth_call, gas required exceeds allowance
	// for eth_estimateGas.
	start = time.Now()
	r = c.call("eth_call", map[string]any{"from": from, "to": loop, "gas": huge}, "latest")
	wantError(t, "infinite loop eth_call", r, -32000, "out of gas")
	r = c.call("eth_estimateGas", map[string]any{"from": from, "to": loop, "gas": huge}, "latest")
	wantError(t, "infinite loop estimate", r, -32000, "gas required exceeds allowance (50000000)")
	r = c.call("eth_estimateGas", map[string]any{"from": from, "to": loop}, "latest")
	wantError(t, "infinite loop estimate", r, -32000, "gas required exceeds allowance (")
	t.Logf("loop calls took %v", time.Since(start))

	// Mined: a transaction running the recursion fails in its block (status
	// 0) and the chain goes on.
	to := ethtypes.Address{}
	if err := to.UnmarshalText([]byte(recurse)); err != nil {
		t.Fatal(err)
	}
	tx := sign(t, dynTx(c.nonceOf(k.addr), &to, 10_000_000, 0, nil), ethtypes.LatestSigner(chainID), k.key)
	var hash string
	c.must(&hash, "eth_sendRawTransaction", rawHex(t, tx))
	var rcpt map[string]any
	c.must(&rcpt, "eth_getTransactionReceipt", hash)
	if rcpt == nil || rcpt["status"] != "0x0" {
		t.Errorf("recursing transaction: receipt %v, want status 0x0", rcpt)
	}
}

// wsDial opens a WebSocket to the node.
func wsDial(t *testing.T, n *node) *websocket.Conn {
	t.Helper()
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	conn, _, err := d.Dial("ws://127.0.0.1:"+strconv.Itoa(n.ethPort), nil)
	if err != nil {
		t.Fatalf("WebSocket dial: %v", err)
	}
	return conn
}

// wsCall sends a request on conn and reads until its reply (skipping
// notifications).
func wsCall(conn *websocket.Conn, id int, method string, params ...any) (rpcReply, error) {
	if params == nil {
		params = []any{}
	}
	if err := conn.WriteJSON(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params}); err != nil {
		return rpcReply{}, err
	}
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		var r rpcReply
		if err := conn.ReadJSON(&r); err != nil {
			return r, err
		}
		if string(r.ID) == strconv.Itoa(id) {
			return r, nil
		}
	}
}

// hostileWebSocket floods one WebSocket with subscriptions and opens many
// connections at once; other clients keep being served.
func hostileWebSocket(t *testing.T, n *node, keys []devKey) {
	c := newHClient(t, n)
	rss0 := rssMiB(t, n)

	// One connection subscribes without end: past the limit each further
	// eth_subscribe is an error, and the connection stays usable.
	flood := wsDial(t, n)
	defer flood.Close()
	accepted, refused := 0, 0
	var lastErr *rpcErr
	for i := 1; i <= 2000; i++ {
		r, err := wsCall(flood, i, "eth_subscribe", "newHeads")
		if err != nil {
			t.Fatalf("subscription %d: %v", i, err)
		}
		if r.Error != nil {
			refused++
			lastErr = r.Error
		} else {
			accepted++
		}
	}
	t.Logf("one connection, 2000 eth_subscribe: %d accepted, %d refused (last error %+v)", accepted, refused, lastErr)
	if refused == 0 {
		t.Errorf("2000 subscriptions on one connection were all accepted: no limit")
	}
	if accepted != 128 || lastErr == nil || lastErr.Code != -32000 ||
		!strings.HasPrefix(lastErr.Message, "too many subscriptions on this connection") {
		t.Errorf("%d subscriptions accepted on one connection, then %+v; want 128, then -32000 too many subscriptions on this connection", accepted, lastErr)
	}
	if r, err := wsCall(flood, 5000, "eth_blockNumber"); err != nil || r.Error != nil {
		t.Errorf("eth_blockNumber on the flooding connection: %v %+v", err, r.Error)
	}

	// Another client can still subscribe, and other clients are served
	// over HTTP.
	other := wsDial(t, n)
	defer other.Close()
	r, err := wsCall(other, 1, "eth_subscribe", "newHeads")
	if err != nil || r.Error != nil {
		t.Errorf("a second client's eth_subscribe while one connection floods: %v %+v", err, r.Error)
	}
	c.must(nil, "eth_blockNumber")

	// A client that sends requests without reading the replies stalls
	// only its own connection.
	stalled := wsDial(t, n)
	stalledDone := make(chan int)
	go func() {
		sent := 0
		msg := []byte(`{"jsonrpc":"2.0","id":1,"method":"eth_getBlockByNumber","params":["latest",true]}`)
		_ = stalled.SetWriteDeadline(time.Now().Add(time.Second))
		for ; sent < 200_000; sent++ {
			if stalled.WriteMessage(websocket.TextMessage, msg) != nil {
				break
			}
		}
		stalledDone <- sent
	}()
	for range 20 {
		c.must(nil, "eth_blockNumber")
	}
	t.Logf("a WebSocket client that never reads: %d requests written before its writes blocked; others served", <-stalledDone)
	stalled.Close()
	c.must(nil, "eth_blockNumber")

	// Many connections at once, each subscribed to newHeads: a mined block
	// reaches every one of them.
	const conns = 200
	var (
		mu    sync.Mutex
		socks []*websocket.Conn
		busy  int // subscriptions refused by the full work queue, retried
		// slow are connections whose eth_subscribe reply did not come
		// within the client's 30 s. There must be none: a request
		// refused by the full work queue once got an error reply with a
		// null id, which a client waiting for its own id skipped.
		slow int
	)
	var wg sync.WaitGroup
	errs := make(chan error, conns)
	for i := range conns {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			d := websocket.Dialer{HandshakeTimeout: 20 * time.Second}
			conn, _, err := d.Dial("ws://127.0.0.1:"+strconv.Itoa(n.ethPort), nil)
			if err != nil {
				errs <- fmt.Errorf("connection %d: %v", i, err)
				return
			}
			subscribed := false
			defer func() {
				mu.Lock()
				if subscribed {
					socks = append(socks, conn)
				} else {
					conn.Close()
				}
				mu.Unlock()
			}()
			// The server runs at most -rpcthreads + -rpcworkqueue requests
			// at once and refuses the rest ("Work queue depth exceeded"):
			// a client retries.
			for try := 1; ; try++ {
				r, err := wsCall(conn, try, "eth_subscribe", "newHeads")
				if err == nil && r.Error != nil && strings.Contains(r.Error.Message, "Work queue depth exceeded") && try < 100 {
					mu.Lock()
					busy++
					mu.Unlock()
					time.Sleep(10 * time.Millisecond)
					continue
				}
				var ne net.Error
				if errors.As(err, &ne) && ne.Timeout() {
					mu.Lock()
					slow++
					mu.Unlock()
					break
				}
				if err != nil || r.Error != nil {
					errs <- fmt.Errorf("connection %d: eth_subscribe %v %+v", i, err, r.Error)
					break
				}
				subscribed = true
				break
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	defer func() {
		for _, s := range socks {
			s.Close()
		}
	}()
	if t.Failed() {
		return
	}
	if slow > 0 {
		t.Fatalf("%d of %d eth_subscribe replies did not come within 30 s", slow, conns)
	}
	to := keys[19].addr
	tx := sign(t, dynTx(c.nonceOf(keys[5].addr), &to, 21000, 1, nil), ethtypes.LatestSigner(chainID), keys[5].key)
	var hash string
	c.must(&hash, "eth_sendRawTransaction", rawHex(t, tx))
	c.mined(hash)
	got := 0
	for _, s := range socks {
		_ = s.SetReadDeadline(time.Now().Add(30 * time.Second))
		var note struct {
			Method string `json:"method"`
		}
		if err := s.ReadJSON(&note); err != nil || note.Method != "eth_subscription" {
			t.Errorf("newHeads notification: %v %q", err, note.Method)
			continue
		}
		got++
	}
	t.Logf("%d concurrent WebSocket connections (%d subscribe attempts refused by the full work queue, retried; %d replies slower than 30 s): %d got the newHeads notification; RSS %d -> %d MiB",
		conns, busy, slow, got, rss0, rssMiB(t, n))
	if rss := rssMiB(t, n); rss > 1024 {
		t.Errorf("node RSS %d MiB after the WebSocket floods", rss)
	}
	c.must(nil, "eth_blockNumber")
}

// loopbackOnly checks that the account chain's RPC, with no -ethrpcbind,
// is bound to 127.0.0.1 only: the log says so, and a connection to the
// machine's other addresses on that port is refused.
func loopbackOnly(t *testing.T, n *node) {
	data, err := os.ReadFile(n.out.Name())
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(n.ethPort)
	want := "Binding account-chain RPC on address 127.0.0.1:" + port
	if !strings.Contains(string(data), want) {
		t.Errorf("console output lacks %q", want)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, "Binding account-chain RPC") && !strings.Contains(line, "127.0.0.1:") && !strings.Contains(line, "[::1]:") {
			t.Errorf("non-loopback binding: %s", line)
		}
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	tried := 0
	for _, a := range addrs {
		ipn, ok := a.(*net.IPNet)
		if !ok || ipn.IP.IsLoopback() || ipn.IP.IsLinkLocalUnicast() {
			continue
		}
		tried++
		conn, err := net.DialTimeout("tcp", net.JoinHostPort(ipn.IP.String(), port), 2*time.Second)
		if err == nil {
			conn.Close()
			t.Errorf("the RPC port answers on %s", ipn.IP)
			continue
		}
		t.Logf("%s:%s refused as expected (%v)", ipn.IP, port, err)
	}
	if tried == 0 {
		t.Log("no non-loopback address on this machine; checked the log only")
	}
}

// rssMiB returns the node's resident set size in MiB (0 where /proc is
// not available).
func rssMiB(t *testing.T, n *node) int {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(n.cmd.Process.Pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.Atoi(f[1])
			return kb / 1024
		}
	}
	return 0
}
