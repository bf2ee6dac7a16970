package ethrpc

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethminer"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// postBatch serves body through a jsonrpc.Server carrying e's methods and
// returns the decoded batch reply.
func postBatch(t *testing.T, e *testEnv, body string) []map[string]json.RawMessage {
	t.Helper()
	srv := jsonrpc.NewServer(jsonrpc.ServerConfig{Auth: jsonrpc.Auth{Disabled: true}, GethErrors: true})
	if err := e.svc.Register(srv); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/", strings.NewReader(body))
	req.RemoteAddr = "127.0.0.1:1234"
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	b, _ := io.ReadAll(w.Result().Body)
	var out []map[string]json.RawMessage
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("reply %s: %v", b, err)
	}
	return out
}

// TestSendRawTransactionBatch sends a batch of eth_sendRawTransaction
// calls (two senders, nonces in order, one stale nonce, one undecodable
// transaction, one call with no params) and checks each call's own
// answer, that every accepted transaction is mined when the batch
// returns, and how they share blocks: one per transaction with the default
// miner (as Hardhat), one block for all with AutomineTxsPerBlock -1.
func TestSendRawTransactionBatch(t *testing.T) {
	for _, perBlock := range []int{0, -1} {
		t.Run(fmt.Sprint(perBlock), func(t *testing.T) {
			e := newEnvMiner(t, func(c *ethminer.Config) { c.AutomineTxsPerBlock = perBlock })
			to := ethtypes.Address{0x77}
			// A first transaction so that nonce 0 of key 0 is stale.
			e.must(t, "eth_sendRawTransaction", rawHex(t, e.signedTx(t, 0, 0, to, 1, 21000, nil)))
			head0 := e.bc.CurrentHeader().Number
			var calls []string
			var want []string // "hash" or an error text
			var hashes []ethtypes.Hash
			add := func(raw string, w string) {
				calls = append(calls, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"eth_sendRawTransaction","params":[%q]}`, len(calls)+1, raw))
				want = append(want, w)
			}
			for n := uint64(0); n < 3; n++ {
				tx0 := e.signedTx(t, 0, n+1, to, 2+n, 21000, nil)
				add(rawHex(t, tx0), "hash")
				hashes = append(hashes, tx0.Hash())
				tx1 := e.signedTx(t, 1, n, to, 10+n, 21000, nil)
				add(rawHex(t, tx1), "hash")
				hashes = append(hashes, tx1.Hash())
			}
			add(rawHex(t, e.signedTx(t, 0, 0, to, 99, 21000, nil)), "nonce too low")
			add("0x02ff", "rlp")
			calls = append(calls, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"eth_sendRawTransaction","params":[]}`, len(calls)+1))
			want = append(want, "missing value for required argument 0")
			out := postBatch(t, e, "["+strings.Join(calls, ",")+"]")
			if len(out) != len(calls) {
				t.Fatalf("%d replies to %d calls", len(out), len(calls))
			}
			h := 0
			for i, r := range out {
				if string(r["id"]) != fmt.Sprint(i+1) {
					t.Fatalf("reply %d has id %s", i, r["id"])
				}
				if want[i] == "hash" {
					if got := strings.Trim(string(r["result"]), `"`); got != hashes[h].Hex() {
						t.Fatalf("call %d: result %s error %s, want hash %s", i+1, r["result"], r["error"], hashes[h].Hex())
					}
					h++
					continue
				}
				if r["error"] == nil || !strings.Contains(string(r["error"]), want[i]) {
					t.Fatalf("call %d: %s, want an error with %q", i+1, r["error"], want[i])
				}
			}
			// Every accepted transaction has a receipt now.
			blocks := map[string]bool{}
			for _, hash := range hashes {
				rc := obj(t, e.must(t, "eth_getTransactionReceipt", hash.Hex()))
				if rc["status"] != "0x1" {
					t.Fatalf("receipt of %s: %v", hash.Hex(), rc)
				}
				blocks[rc["blockNumber"].(string)] = true
			}
			mined := e.bc.CurrentHeader().Number - head0
			wantBlocks := uint64(len(hashes))
			if perBlock < 0 {
				wantBlocks = 1
			}
			if mined != wantBlocks || uint64(len(blocks)) != wantBlocks {
				t.Fatalf("mined %d blocks holding the batch's transactions in %d, want %d", mined, len(blocks), wantBlocks)
			}
			if p, q := e.pool.Status(); p != 0 || q != 0 {
				t.Fatalf("pool holds %d pending, %d queued after the batch", p, q)
			}
		})
	}
}
