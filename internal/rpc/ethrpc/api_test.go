package ethrpc

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TestBasics checks the constant and head methods.
func TestBasics(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		method string
		params []any
		want   string
	}{
		{"eth_chainId", nil, `"0x539"`},
		{"net_version", nil, `"1337"`},
		{"eth_blockNumber", nil, `"0x0"`},
		{"eth_syncing", nil, `false`},
		{"net_listening", nil, `true`},
		{"net_peerCount", nil, `"0x0"`},
		{"eth_mining", nil, `false`},
		{"eth_hashrate", nil, `"0x0"`},
		{"eth_maxPriorityFeePerGas", nil, `"0x3b9aca00"`},
		{"web3_sha3", []any{"0x68656c6c6f20776f726c64"}, `"0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad"`},
		{"eth_getCode", []any{hexAddr(addrRet42), "latest"}, `"0x602a60005260206000f3"`},
		{"eth_getStorageAt", []any{hexAddr(addrRet42), "0x0", "latest"}, `"0x0000000000000000000000000000000000000000000000000000000000000000"`},
		{"eth_getTransactionCount", []any{hexAddr(e.addrs[0]), "pending"}, `"0x0"`},
		{"eth_getBalance", []any{hexAddr(e.addrs[0]), "earliest"}, `"0x21e19e0c9bab2400000"`},
		{"eth_getBalance", []any{hexAddr(ethtypes.Address{9}), "latest"}, `"0x0"`},
		{"eth_getBlockTransactionCountByNumber", []any{"0x0"}, `"0x0"`},
		{"eth_getUncleCountByBlockNumber", []any{"latest"}, `"0x0"`},
		{"eth_getBlockByNumber", []any{"0x5", false}, `null`},
		{"eth_getTransactionByHash", []any{hexHash(ethtypes.Hash{1})}, `null`},
		{"eth_getTransactionReceipt", []any{hexHash(ethtypes.Hash{1})}, `null`},
	}
	for _, c := range cases {
		t.Run(c.method, func(t *testing.T) {
			got := e.must(t, c.method, c.params...)
			if string(got) != c.want {
				t.Fatalf("%s = %s, want %s", c.method, got, c.want)
			}
		})
	}
	if v := str(t, e.must(t, "web3_clientVersion")); !strings.HasPrefix(v, "twinchain/") {
		t.Fatalf("clientVersion %q", v)
	}
	accts := e.must(t, "eth_accounts")
	if !strings.Contains(string(accts), strings.ToLower(e.addrs[0].Hex()[2:])) {
		t.Fatalf("accounts %s", accts)
	}
}

// TestBadParams checks that hostile input gets -32602.
func TestBadParams(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name   string
		method string
		params []any
	}{
		{"missing", "eth_getBalance", nil},
		{"no prefix", "eth_getBalance", []any{"1234", "latest"}},
		{"short address", "eth_getBalance", []any{"0x1234", "latest"}},
		{"number address", "eth_getBalance", []any{12, "latest"}},
		{"bad tag", "eth_getBalance", []any{hexAddr(e.addrs[0]), "newest"}},
		{"leading zero", "eth_getBlockByNumber", []any{"0x01", false}},
		{"odd data", "web3_sha3", []any{"0x123"}},
		{"bad bool", "eth_getBlockByNumber", []any{"0x0", "yes"}},
		{"huge number", "eth_getBlockByNumber", []any{"0x10000000000000000", false}},
		{"call not object", "eth_call", []any{"0x00", "latest"}},
		{"call data input mismatch", "eth_call", []any{map[string]any{"data": "0x01", "input": "0x02"}}},
		{"call both fees", "eth_call", []any{map[string]any{"gasPrice": "0x1", "maxFeePerGas": "0x2"}}},
		{"storage key too long", "eth_getStorageAt", []any{hexAddr(addrRet42), "0x" + strings.Repeat("1", 66), "latest"}},
		{"eip1898 both", "eth_getBalance", []any{hexAddr(e.addrs[0]), map[string]any{"blockNumber": "0x0", "blockHash": hexHash(ethtypes.Hash{})}}},
		{"raw tx not hex", "eth_sendRawTransaction", []any{"zz"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.call(t, c.method, c.params...)
			if rpcCode(err) != CodeInvalidParams {
				t.Fatalf("err = %v, want code %d", err, CodeInvalidParams)
			}
		})
	}
	if _, err := e.call(t, "eth_getBalance", hexAddr(e.addrs[0]), map[string]any{"blockHash": hexHash(ethtypes.Hash{1})}); rpcCode(err) != CodeServerError {
		t.Fatalf("unknown block hash: %v", err)
	}
	if _, err := e.call(t, "eth_sendRawTransaction", "0x01"); rpcCode(err) != CodeServerError {
		t.Fatalf("garbage tx: %v", err)
	}
}

// TestSendRawAndReceipt sends a transfer with automine and checks the
// block, transaction and receipt objects.
func TestSendRawAndReceipt(t *testing.T) {
	e := newEnv(t)
	to := ethtypes.Address{0x77}
	tx := e.signedTx(t, 0, 0, to, 12345, 21000, nil)
	h := str(t, e.must(t, "eth_sendRawTransaction", rawHex(t, tx)))
	if h != hexHash(tx.Hash()) {
		t.Fatalf("hash %s", h)
	}
	if n := str(t, e.must(t, "eth_blockNumber")); n != "0x1" {
		t.Fatalf("blockNumber %s after automine", n)
	}
	r := obj(t, e.must(t, "eth_getTransactionReceipt", h))
	want := map[string]any{
		"status": "0x1", "gasUsed": "0x5208", "cumulativeGasUsed": "0x5208", "type": "0x2",
		"from": hexAddr(e.addrs[0]), "to": hexAddr(to), "contractAddress": nil, "transactionIndex": "0x0",
		"blockNumber": "0x1", "transactionHash": h,
	}
	for k, v := range want {
		if r[k] != v {
			t.Errorf("receipt %s = %v, want %v", k, r[k], v)
		}
	}
	for _, k := range []string{"effectiveGasPrice", "logsBloom", "blockHash", "logs"} {
		if _, ok := r[k]; !ok {
			t.Errorf("receipt lacks %s", k)
		}
	}
	txo := obj(t, e.must(t, "eth_getTransactionByHash", h))
	for k, v := range map[string]any{"value": "0x3039", "nonce": "0x0", "chainId": "0x539", "maxPriorityFeePerGas": "0x3b9aca00",
		"maxFeePerGas": "0x2540be400", "blockNumber": "0x1", "transactionIndex": "0x0", "gas": "0x5208", "input": "0x", "accessList": []any{}} {
		if k == "accessList" {
			if l, ok := txo[k].([]any); !ok || len(l) != 0 {
				t.Errorf("tx accessList %v", txo[k])
			}
			continue
		}
		if txo[k] != v {
			t.Errorf("tx %s = %v, want %v", k, txo[k], v)
		}
	}
	for _, k := range []string{"yParity", "v", "r", "s", "gasPrice", "blockHash"} {
		if _, ok := txo[k]; !ok {
			t.Errorf("tx lacks %s", k)
		}
	}
	b := obj(t, e.must(t, "eth_getBlockByNumber", "latest", true))
	for _, k := range []string{"baseFeePerGas", "withdrawalsRoot", "withdrawals", "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot",
		"hash", "parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot", "receiptsRoot", "logsBloom", "difficulty",
		"number", "gasLimit", "gasUsed", "timestamp", "extraData", "mixHash", "nonce", "size", "uncles"} {
		if _, ok := b[k]; !ok {
			t.Errorf("block lacks %s", k)
		}
	}
	txs, _ := b["transactions"].([]any)
	if len(txs) != 1 {
		t.Fatalf("block txs %v", b["transactions"])
	}
	if full, ok := txs[0].(map[string]any); !ok || full["hash"] != h {
		t.Fatalf("full tx %v", txs[0])
	}
	bh := b["hash"].(string)
	if got := obj(t, e.must(t, "eth_getBlockByHash", bh, false)); got["transactions"].([]any)[0] != h {
		t.Fatalf("by hash %v", got["transactions"])
	}
	if got := str(t, e.must(t, "eth_getBlockTransactionCountByHash", bh)); got != "0x1" {
		t.Fatalf("count %s", got)
	}
	if got := obj(t, e.must(t, "eth_getTransactionByBlockNumberAndIndex", "0x1", "0x0")); got["hash"] != h {
		t.Fatalf("by number and index %v", got)
	}
	if got := obj(t, e.must(t, "eth_getTransactionByBlockHashAndIndex", bh, "0x0")); got["hash"] != h {
		t.Fatalf("by hash and index %v", got)
	}
	var rs []map[string]any
	if err := json.Unmarshal(e.must(t, "eth_getBlockReceipts", "latest"), &rs); err != nil || len(rs) != 1 || rs[0]["transactionHash"] != h {
		t.Fatalf("block receipts %v %v", rs, err)
	}
	if got := str(t, e.must(t, "eth_getBalance", hexAddr(to), map[string]any{"blockHash": bh, "requireCanonical": true})); got != "0x3039" {
		t.Fatalf("balance by EIP-1898 hash %s", got)
	}
	if got := str(t, e.must(t, "eth_getTransactionCount", hexAddr(e.addrs[0]), "latest")); got != "0x1" {
		t.Fatalf("nonce %s", got)
	}
	// geth's pool messages.
	_, err := e.call(t, "eth_sendRawTransaction", rawHex(t, tx))
	if rpcCode(err) != CodeServerError || !strings.Contains(err.Error(), "nonce too low") {
		t.Fatalf("resend: %v", err)
	}
	low := e.signedTx(t, 1, 0, to, 1, 20000, nil)
	if _, err := e.call(t, "eth_sendRawTransaction", rawHex(t, low)); !strings.Contains(errString(err), "intrinsic gas too low") {
		t.Fatalf("low gas: %v", err)
	}
	fh := obj(t, e.must(t, "eth_feeHistory", "0x2", "latest", []float64{50}))
	if fh["oldestBlock"] != "0x0" || len(fh["baseFeePerGas"].([]any)) != 3 || len(fh["reward"].([]any)) != 2 {
		t.Fatalf("feeHistory %v", fh)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestCallAndEstimate covers eth_call, reverts, overrides and
// eth_estimateGas.
func TestCallAndEstimate(t *testing.T) {
	e := newEnv(t)
	got := str(t, e.must(t, "eth_call", map[string]any{"to": hexAddr(addrRet42)}, "latest"))
	if got != "0x000000000000000000000000000000000000000000000000000000000000002a" {
		t.Fatalf("call = %s", got)
	}
	_, err := e.call(t, "eth_call", map[string]any{"to": hexAddr(addrRevert)}, "latest")
	if rpcCode(err) != CodeReverted || !strings.Contains(err.Error(), "execution reverted: nope") {
		t.Fatalf("revert: %v", err)
	}
	// Override the code of an empty account and its balance.
	ov := map[string]any{hexAddr(ethtypes.Address{0x55}): map[string]any{"code": "0x602a60005260206000f3"}}
	got = str(t, e.must(t, "eth_call", map[string]any{"to": hexAddr(ethtypes.Address{0x55})}, "latest", ov))
	if !strings.HasSuffix(got, "2a") {
		t.Fatalf("override call = %s", got)
	}
	// Deep recursion stops at the EVM depth limit without harm.
	if _, err := e.call(t, "eth_call", map[string]any{"to": hexAddr(addrRecurse), "gas": "0x2faf080"}, "latest"); err != nil {
		t.Fatalf("recursion: %v", err)
	}
	// A call from an unfunded account with a price fails like geth.
	if _, err := e.call(t, "eth_call", map[string]any{"from": hexAddr(ethtypes.Address{0x99}), "to": hexAddr(addrRet42), "gasPrice": "0x3b9aca00"}); rpcCode(err) != CodeServerError || !strings.Contains(err.Error(), "insufficient funds") {
		t.Fatalf("unfunded: %v", err)
	}
	// Estimates.
	if g := str(t, e.must(t, "eth_estimateGas", map[string]any{"from": hexAddr(e.addrs[0]), "to": hexAddr(ethtypes.Address{0x42}), "value": "0x1"})); g != "0x5208" {
		t.Fatalf("transfer estimate %s", g)
	}
	// A transfer the sender cannot pay is not estimated at 21,000 (geth runs
	// the shortcut's transfer and reports the failure).
	_, err = e.call(t, "eth_estimateGas", map[string]any{"from": hexAddr(ethtypes.Address{0x99}), "to": hexAddr(ethtypes.Address{0x42}), "value": "0x1"})
	if rpcCode(err) != CodeServerError || !strings.Contains(err.Error(), "insufficient funds") {
		t.Fatalf("unfunded transfer estimate: %v", err)
	}
	data := "0x" + strings.Repeat("00", 31) + "07"
	g := str(t, e.must(t, "eth_estimateGas", map[string]any{"from": hexAddr(e.addrs[0]), "to": hexAddr(addrStore), "data": data}))
	gas, _ := parseQuantityString(g)
	if gas < 43000 || gas > 50000 {
		t.Fatalf("store estimate %d", gas)
	}
	// The estimate is enough: a transaction with exactly that gas succeeds.
	tx := e.signedTx(t, 0, 0, addrStore, 0, gas, mustHex(data[2:]))
	e.must(t, "eth_sendRawTransaction", rawHex(t, tx))
	r := obj(t, e.must(t, "eth_getTransactionReceipt", hexHash(tx.Hash())))
	if r["status"] != "0x1" {
		t.Fatalf("estimated tx failed: %v", r)
	}
	logs := r["logs"].([]any)
	if len(logs) != 1 || logs[0].(map[string]any)["logIndex"] != "0x0" || logs[0].(map[string]any)["removed"] != false {
		t.Fatalf("logs %v", logs)
	}
	if v := str(t, e.must(t, "eth_getStorageAt", hexAddr(addrStore), "0x0", "latest")); !strings.HasSuffix(v, "07") {
		t.Fatalf("storage %s", v)
	}
	_, err = e.call(t, "eth_estimateGas", map[string]any{"to": hexAddr(addrRevert)})
	if rpcCode(err) != CodeReverted || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("estimate revert: %v", err)
	}
	_, err = e.call(t, "eth_estimateGas", map[string]any{"to": hexAddr(addrStore), "data": data, "gas": "0x5300"})
	if rpcCode(err) != CodeServerError || !strings.Contains(err.Error(), "gas required exceeds allowance") {
		t.Fatalf("estimate allowance: %v", err)
	}
}

// TestSendTransactionAndSign covers the dev-account methods.
func TestSendTransactionAndSign(t *testing.T) {
	e := newEnv(t)
	h := str(t, e.must(t, "eth_sendTransaction", map[string]any{"from": hexAddr(e.addrs[1]), "to": hexAddr(ethtypes.Address{0x31}), "value": "0x64"}))
	r := obj(t, e.must(t, "eth_getTransactionReceipt", h))
	if r["status"] != "0x1" || r["from"] != hexAddr(e.addrs[1]) {
		t.Fatalf("receipt %v", r)
	}
	if _, err := e.call(t, "eth_sendTransaction", map[string]any{"from": hexAddr(ethtypes.Address{0x31})}); rpcCode(err) != CodeServerError {
		t.Fatalf("unknown account: %v", err)
	}
	sig := str(t, e.must(t, "eth_sign", hexAddr(e.addrs[0]), "0x68656c6c6f"))
	if ps := str(t, e.must(t, "personal_sign", "0x68656c6c6f", hexAddr(e.addrs[0]))); ps != sig {
		t.Fatalf("personal_sign = %s, eth_sign = %s", ps, sig)
	}
	if len(sig) != 132 || !(strings.HasSuffix(sig, "1b") || strings.HasSuffix(sig, "1c")) {
		t.Fatalf("sig %s", sig)
	}
}

// TestDevHelpers covers evm_mine and the clock helpers.
func TestDevHelpers(t *testing.T) {
	e := newEnv(t)
	ts := e.bc.CurrentHeader().Time + 1000
	e.must(t, "evm_setNextBlockTimestamp", ts)
	e.must(t, "evm_mine")
	b := obj(t, e.must(t, "eth_getBlockByNumber", "latest", false))
	if b["number"] != "0x1" || b["timestamp"] != hexUint(ts) {
		t.Fatalf("mined %v %v", b["number"], b["timestamp"])
	}
	e.must(t, "evm_increaseTime", 60)
	e.must(t, "evm_mine", hexUint(ts+5000))
	if b := obj(t, e.must(t, "eth_getBlockByNumber", "0x2", false)); b["timestamp"] != hexUint(ts+5000) {
		t.Fatalf("evm_mine ts %v", b["timestamp"])
	}
	st := obj(t, e.must(t, "txpool_status"))
	if st["pending"] != "0x0" {
		t.Fatalf("status %v", st)
	}
	if _, err := e.call(t, "anvil_setBalance", hexAddr(e.addrs[0]), "0x1"); rpcCode(err) != CodeUnsupported {
		t.Fatalf("setBalance without Dev: %v", err)
	}
}
