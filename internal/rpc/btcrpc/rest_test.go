package btcrpc

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

func restGet(t testing.TB, env *testEnv, path string) (string, int) {
	t.Helper()
	resp, err := http.Get(env.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), resp.StatusCode
}

func restPost(t testing.TB, env *testEnv, path string, body []byte) (string, int) {
	t.Helper()
	resp, err := http.Post(env.base+path, "application/octet-stream", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), resp.StatusCode
}

func TestREST(t *testing.T) {
	env, gen := genEnv(t, true)
	tipHeight := len(gen.Blocks) - 1
	tip := gen.Blocks[tipHeight-1]
	tipHash := tip.BlockHash().String()
	b1 := gen.Blocks[0]
	zero := strings.Repeat("0", 64)

	tests := []struct {
		name   string
		path   string
		status int
		body   string // exact body ("" = not checked)
		has    string // substring
	}{
		{name: "block bin", path: "/rest/block/" + tipHash + ".bin", status: 200, body: string(tip.Bytes())},
		{name: "block hex", path: "/rest/block/" + tipHash + ".hex", status: 200, body: hex.EncodeToString(tip.Bytes()) + "\n"},
		{name: "block json", path: "/rest/block/" + tipHash + ".json", status: 200, has: `"prevout"`},
		{name: "block notxdetails", path: "/rest/block/notxdetails/" + tipHash + ".json", status: 200, has: `"tx":["`},
		{name: "block bad format", path: "/rest/block/" + tipHash + ".xml", status: 400, body: "Invalid hash: " + tipHash + ".xml\r\n"},
		{name: "block no format", path: "/rest/blockhashbyheight/1", status: 404, body: "output format not found (available: .bin, .hex, .json)\r\n"},
		{name: "block bad hash", path: "/rest/block/xyz.json", status: 400, body: "Invalid hash: xyz\r\n"},
		{name: "block unknown", path: "/rest/block/" + zero + ".json", status: 404, body: zero + " not found\r\n"},
		{name: "tx hex", path: "/rest/tx/" + tip.Txs[1].TxHash().String() + ".hex", status: 200, body: hex.EncodeToString(tip.Txs[1].Bytes()) + "\n"},
		{name: "tx json", path: "/rest/tx/" + tip.Txs[1].TxHash().String() + ".json", status: 200, has: `"blockhash":"` + tipHash + `"`},
		{name: "tx unknown", path: "/rest/tx/" + zero + ".bin", status: 404, body: zero + " not found\r\n"},
		{name: "headers old form", path: "/rest/headers/2/" + b1.BlockHash().String() + ".bin", status: 200, body: string(append(b1.Header.Bytes(), gen.Blocks[1].Header.Bytes()...))},
		{name: "headers query", path: "/rest/headers/" + tipHash + ".json?count=5", status: 200, has: `"hash":"` + tipHash + `"`},
		{name: "headers bad count", path: "/rest/headers/" + tipHash + ".json?count=0", status: 400, body: "Header count is invalid or out of acceptable range (1-2000): 0\r\n"},
		{name: "headers bad uri", path: "/rest/headers/1/2/3.json", status: 400, body: "Invalid URI format. Expected /rest/headers/<hash>.<ext>?count=<count>\r\n"},
		{name: "hash by height", path: "/rest/blockhashbyheight/1.hex", status: 200, body: b1.BlockHash().String() + "\n"},
		{name: "hash by height json", path: "/rest/blockhashbyheight/1.json", status: 200, body: `{"blockhash":"` + b1.BlockHash().String() + `"}` + "\n"},
		{name: "hash by height bad", path: "/rest/blockhashbyheight/-1.json", status: 400, body: "Invalid height: -1\r\n"},
		{name: "hash by height range", path: "/rest/blockhashbyheight/9999.json", status: 404, body: "Block height out of range\r\n"},
		{name: "chaininfo", path: "/rest/chaininfo.json", status: 200, has: `"chain":"regtest"`},
		{name: "chaininfo bin", path: "/rest/chaininfo.bin", status: 404, body: "output format not found (available: json)\r\n"},
		{name: "mempool info", path: "/rest/mempool/info.json", status: 200, has: `"loaded":true`},
		{name: "mempool contents", path: "/rest/mempool/contents.json", status: 200, body: "{}\n"},
		{name: "mempool contents seq", path: "/rest/mempool/contents.json?verbose=false&mempool_sequence=true", status: 200, has: `{"txids":[],"mempool_sequence":1}`},
		{name: "mempool bad", path: "/rest/mempool/other.json", status: 400},
		{name: "getutxos json", path: "/rest/getutxos/checkmempool/" + tip.Txs[0].TxHash().String() + "-0/" + zero + "-1.json", status: 200, has: `"bitmap":"10"`},
		{name: "getutxos empty", path: "/rest/getutxos/checkmempool.json", status: 400, body: "Error: empty request\r\n"},
		{name: "getutxos parse", path: "/rest/getutxos/" + zero + "-x.json", status: 400, body: "Parse error\r\n"},
		{name: "getutxos too many", path: "/rest/getutxos" + strings.Repeat("/"+zero+"-0", 16) + ".json", status: 400, body: "Error: max outpoints exceeded (max: 15, tried: 16)\r\n"},
		{name: "unknown", path: "/rest/nosuch", status: 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body, status := restGet(t, env, tc.path)
			if status != tc.status {
				t.Fatalf("status %d, want %d (%q)", status, tc.status, body)
			}
			if tc.body != "" && body != tc.body {
				t.Fatalf("body %q, want %q", body, tc.body)
			}
			if tc.has != "" && !strings.Contains(body, tc.has) {
				t.Fatalf("body lacks %q: %s", tc.has, body)
			}
		})
	}

	t.Run("getutxos bin", func(t *testing.T) {
		cb := tip.Txs[0].TxHash()
		body, status := restGet(t, env, "/rest/getutxos/"+cb.String()+"-0.bin")
		if status != 200 {
			t.Fatalf("status %d", status)
		}
		b := []byte(body)
		best := env.chain.BestState()
		if int32(binary.LittleEndian.Uint32(b)) != best.Height || !bytes.Equal(b[4:36], best.Hash[:]) {
			t.Fatal("bin header")
		}
		if b[36] != 1 || b[37] != 1 || b[38] != 1 {
			t.Fatalf("bitmap/outs: % x", b[36:39])
		}
		out := tip.Txs[0].Outputs[0]
		want := binary.LittleEndian.AppendUint32(nil, 0)
		want = binary.LittleEndian.AppendUint32(want, uint32(tipHeight))
		want = binary.LittleEndian.AppendUint64(want, uint64(out.Value))
		want = primitives.AppendCompactSize(want, uint64(len(out.ScriptPubKey)))
		want = append(want, out.ScriptPubKey...)
		if !bytes.Equal(b[39:], want) {
			t.Fatalf("coin % x, want % x", b[39:], want)
		}
		// The same request as a POST body.
		req := []byte{0}
		req = primitives.AppendCompactSize(req, 1)
		req = append(req, cb[:]...)
		req = binary.LittleEndian.AppendUint32(req, 0)
		body2, status := restPost(t, env, "/rest/getutxos.bin", req)
		if status != 200 || body2 != body {
			t.Fatalf("POST form: %d", status)
		}
	})

	t.Run("json shapes", func(t *testing.T) {
		body, _ := restGet(t, env, "/rest/headers/"+tipHash+".json?count=1")
		var hs []map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &hs); err != nil || len(hs) != 1 {
			t.Fatalf("headers json %s", body)
		}
		rpc := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "getblockheader", tipHash))
		for k, v := range rpc {
			if !jsonEqual(hs[0][k], v) {
				t.Fatalf("REST header %s = %s, RPC %s", k, hs[0][k], v)
			}
		}
	})
}
