package explorer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// testEnv is a server over both fake chains.
type testEnv struct {
	btc *fakeBTC
	eth *fakeETH
	srv *Server
	log *bytes.Buffer
}

// lockedBuffer is a log sink safe for concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.Write(p)
}

var fixedNow = func() time.Time { return time.Unix(1_700_100_000, 0) }

func newEnv(t testing.TB) *testEnv {
	t.Helper()
	e := &testEnv{btc: newBTCFixture([]int{3, 30, 5, 2, 1}, 3), eth: newETHFixture(3, 3), log: new(bytes.Buffer)}
	lb := &lockedBuffer{}
	e.srv = New(Config{BTC: e.btc, ETH: e.eth, Logger: slog.New(slog.NewTextHandler(lb, nil)), Now: fixedNow})
	e.log = &lb.Buffer
	return e
}

// get performs a request against the handler.
func (e *testEnv) get(t testing.TB, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(rec, req)
	return rec
}

// addrOf returns the address text of a fixture script.
func (e *testEnv) addrOf(t testing.TB, script []byte) string {
	a, err := address.FromScriptPubKey(script, e.btc.params)
	if err != nil {
		t.Fatalf("fixture script has no address: %v", err)
	}
	return a.String()
}

func TestPagesRender(t *testing.T) {
	e := newEnv(t)
	b1 := e.btc.chain[1]
	b2 := e.btc.blocks[e.btc.chain[2]]
	spend := b2.Block.Txs[3].TxHash()
	cb := b2.Block.Txs[0].TxHash()
	mem := e.btc.mempool[0].Txid
	addr := e.addrOf(t, e.btc.scripts[0])
	eb := e.eth.chain[2].Block
	ethTx := e.eth.transferTx
	pend := e.eth.pool[0].Tx.Hash()

	tests := []struct {
		name, path string
		want       []string
	}{
		{"home", "/", []string{"UTXO chain", "Account chain", "Recent blocks", `role="img"`, `href="/btc/block/` + e.btc.chain[5].String(), `href="/eth/block/3"`, "Skip to content"}},
		{"btc block", "/btc/block/" + b1.String(), []string{"UTXO block 1", "Confirmations", "Merkle root", "coinbase (new coins)"}},
		{"btc block with spends", "/btc/block/" + b2.Hash.String(), []string{"UTXO block 2", "fee 0.00001000 BTC", "sat/vB"}},
		{"btc block by height", "/btc/block-height/2", []string{"UTXO block 2", `rel="next"`, "Page 1 of 2"}},
		{"btc block page 2", "/btc/block/" + e.btc.chain[2].String() + "?page=2", []string{"Page 2 of 2", `rel="prev"`}},
		{"btc genesis", "/btc/block-height/0", []string{"UTXO block 0", "none (genesis)"}},
		{"btc tx", "/btc/tx/" + spend.String(), []string{"confirmed in block", "sat/vB", "Witness", "spent by", "Spent script"}},
		{"btc coinbase tx", "/btc/tx/" + cb.String(), []string{"Coinbase", "none (coinbase)", "OP_RETURN"}},
		{"btc mempool tx", "/btc/tx/" + mem.String(), []string{"unconfirmed", "sat/vB"}},
		{"btc address", "/btc/address/" + addr, []string{"Confirmed balance", "History", "Unspent outputs"}},
		{"btc mempool", "/btc/mempool", []string{"UTXO mempool", "Fee rates", mem.String()}},
		{"eth block number", "/eth/block/2", []string{"Account block 2", "State root", "Receipts root", "Uncles", "/eth/uncle/"}},
		{"eth block hash", "/eth/block/" + eb.Hash().Hex(), []string{"Account block 2"}},
		{"eth genesis", "/eth/block/0", []string{"Account block 0", "none (genesis)"}},
		{"eth tx", "/eth/tx/" + ethTx.Hex(), []string{"ERC-20 Transfer of 42", "success", "Effective gas price", "Logs (1)"}},
		{"eth pending tx", "/eth/tx/" + pend.Hex(), []string{"pending (in the txpool)"}},
		{"eth address", "/eth/address/" + e.eth.alice.Hex(), []string{"5 ETH", "Token transfers", "Transactions"}},
		{"eth token address", "/eth/address/" + e.eth.token.Hex(), []string{"1234 bytes (contract)"}},
		{"eth uncle", "/eth/uncle/" + e.eth.uncleBlock.Hex() + "/0", []string{"Uncle 0 of block 2", "Included by"}},
		{"css", "/static/style.css", []string{"--fg"}},
		{"js", "/static/live.js", []string{"EventSource"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := e.get(t, "GET", tc.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s = %d", tc.path, rec.Code)
			}
			body := rec.Body.String()
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: body lacks %q", tc.path, w)
				}
			}
			if ct := rec.Header().Get("Content-Security-Policy"); !strings.Contains(ct, "frame-ancestors 'none'") {
				t.Errorf("missing CSP: %q", ct)
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("missing nosniff")
			}
			if strings.Contains(body, "<script>") || strings.Contains(body, " style=") {
				t.Error("inline script or style would break the CSP")
			}
		})
	}
}

func TestAPIEndpoints(t *testing.T) {
	e := newEnv(t)
	b2 := e.btc.blocks[e.btc.chain[2]]
	spend := b2.Block.Txs[3].TxHash()
	addr := e.addrOf(t, e.btc.scripts[0])

	text := func(path string) string {
		rec := e.get(t, "GET", path)
		if rec.Code != 200 {
			t.Fatalf("GET %s = %d %s", path, rec.Code, rec.Body.String())
		}
		return rec.Body.String()
	}
	decode := func(path string, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(text(path)), v); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	if got := text("/api/blocks/tip/height"); got != "5" {
		t.Errorf("tip height %q", got)
	}
	if got := text("/api/blocks/tip/hash"); got != e.btc.chain[5].String() {
		t.Errorf("tip hash %q", got)
	}
	if got := text("/api/block-height/2"); got != b2.Hash.String() {
		t.Errorf("block-height %q", got)
	}
	var blk map[string]any
	decode("/api/block/"+b2.Hash.String(), &blk)
	for _, k := range []string{"id", "height", "version", "timestamp", "tx_count", "size", "weight", "merkle_root", "previousblockhash", "mediantime", "nonce", "bits", "difficulty"} {
		if _, ok := blk[k]; !ok {
			t.Errorf("block JSON lacks %q", k)
		}
	}
	if blk["tx_count"].(float64) != 31 {
		t.Errorf("tx_count %v", blk["tx_count"])
	}
	var txs []esploraTx
	decode("/api/block/"+b2.Hash.String()+"/txs", &txs)
	if len(txs) != 25 || txs[0].Vin[0].IsCoinbase != true {
		t.Errorf("block txs: %d", len(txs))
	}
	decode("/api/block/"+b2.Hash.String()+"/txs/25", &txs)
	if len(txs) != 6 || txs[0].Fee == nil || *txs[0].Fee != fakeFee {
		t.Errorf("block txs page 2: %d", len(txs))
	}
	var tx map[string]any
	decode("/api/tx/"+spend.String(), &tx)
	for _, k := range []string{"txid", "version", "locktime", "vin", "vout", "size", "weight", "fee", "status"} {
		if _, ok := tx[k]; !ok {
			t.Errorf("tx JSON lacks %q", k)
		}
	}
	vin := tx["vin"].([]any)[0].(map[string]any)
	for _, k := range []string{"txid", "vout", "prevout", "scriptsig", "scriptsig_asm", "witness", "is_coinbase", "sequence"} {
		if _, ok := vin[k]; !ok {
			t.Errorf("vin JSON lacks %q", k)
		}
	}
	vout := tx["vout"].([]any)[0].(map[string]any)
	for _, k := range []string{"scriptpubkey", "scriptpubkey_asm", "scriptpubkey_type", "value"} {
		if _, ok := vout[k]; !ok {
			t.Errorf("vout JSON lacks %q", k)
		}
	}
	st := tx["status"].(map[string]any)
	if st["confirmed"] != true || st["block_height"].(float64) != 2 || st["block_hash"] != b2.Hash.String() {
		t.Errorf("status %v", st)
	}
	var outs []esploraOutspend
	decode("/api/tx/"+spend.String()+"/outspends", &outs)
	if len(outs) != 2 {
		t.Fatalf("outspends %v", outs)
	}
	var ad esploraAddress
	decode("/api/address/"+addr, &ad)
	if ad.Address != addr || ad.ChainStats.TxCount == 0 {
		t.Errorf("address %+v", ad)
	}
	decode("/api/address/"+addr+"/txs", &txs)
	if len(txs) == 0 {
		t.Error("no address txs")
	}
	var utxos []esploraUTXO
	decode("/api/address/"+addr+"/utxo", &utxos)
	var sum int64
	for _, u := range utxos {
		if u.Status.Confirmed {
			sum += u.Value
		}
	}
	if bal := ad.ChainStats.FundedTxoSum - ad.ChainStats.SpentTxoSum; sum != bal {
		t.Errorf("confirmed utxo sum %d != balance %d", sum, bal)
	}
	var mp esploraMempool
	decode("/api/mempool", &mp)
	if mp.Count != 3 || len(mp.FeeHistogram) == 0 {
		t.Errorf("mempool %+v", mp)
	}
	var recent []esploraRecent
	decode("/api/mempool/recent", &recent)
	if len(recent) != 3 || recent[0].Txid != e.btc.mempool[2].Txid.String() {
		t.Errorf("recent %+v", recent)
	}

	var blocks []esploraBlock
	decode("/api/blocks", &blocks)
	if len(blocks) != 6 || blocks[0].Height != 5 || blocks[5].PreviousBlockHash != nil {
		t.Errorf("blocks %+v", blocks)
	}
	decode("/api/blocks/2", &blocks)
	if len(blocks) != 3 || blocks[0].ID != b2.Hash.String() || blocks[0].TxCount != 31 {
		t.Errorf("blocks from 2 %+v", blocks)
	}
	var bst esploraBlockStatus
	decode("/api/block/"+b2.Hash.String()+"/status", &bst)
	if !bst.InBestChain || bst.Height != 2 || bst.NextBest == nil || *bst.NextBest != e.btc.chain[3].String() {
		t.Errorf("block status %+v", bst)
	}
	var ids []string
	decode("/api/block/"+b2.Hash.String()+"/txids", &ids)
	if len(ids) != 31 || ids[3] != spend.String() {
		t.Errorf("txids %d", len(ids))
	}
	if got := text("/api/block/" + b2.Hash.String() + "/header"); len(got) != 160 {
		t.Errorf("header %q", got)
	}
	var tst esploraStatus
	decode("/api/tx/"+e.btc.mempool[0].Txid.String()+"/status", &tst)
	if tst.Confirmed || tst.BlockHeight != nil {
		t.Errorf("mempool tx status %+v", tst)
	}
	if got := text("/api/tx/" + spend.String() + "/hex"); !strings.HasPrefix(got, "02000000") {
		t.Errorf("tx hex %q", got)
	}
	if got := text("/api/eth/blocks/tip/number"); got != "3" {
		t.Errorf("eth tip %q", got)
	}
	var eb ethBlockJSON
	decode("/api/eth/block/2", &eb)
	if eb.Number != 2 || len(eb.Uncles) != 1 || len(eb.Transactions) != 3 || eb.ReceiptsRoot == "" {
		t.Errorf("eth block %+v", eb)
	}
	var et ethTxJSON
	decode("/api/eth/tx/"+e.eth.transferTx.Hex(), &et)
	if len(et.Logs) != 1 || et.Logs[0].Transfer == nil || et.Logs[0].Transfer.Value != "42" {
		t.Errorf("eth tx %+v", et)
	}
	var ea ethAddressJSON
	decode("/api/eth/address/"+e.eth.alice.Hex(), &ea)
	if ea.Balance != "5000000000000000000" || ea.Nonce != 3 {
		t.Errorf("eth address %+v", ea)
	}
	var ets []ethTxJSON
	decode("/api/eth/address/"+e.eth.alice.Hex()+"/txs", &ets)
	if len(ets) != 9 || *ets[0].BlockNumber != 3 {
		t.Errorf("eth address txs %d", len(ets))
	}
	decode("/api/eth/uncle/"+e.eth.uncleBlock.Hex()+"/0", &eb)
	if eb.Number != 1 {
		t.Errorf("uncle %+v", eb)
	}
}

// hrefRE finds links in pages.
var hrefRE = regexp.MustCompile(`href="([^"]+)"`)

// TestLinks crawls from the home page and requires every internal link to
// answer 200.
func TestLinks(t *testing.T) {
	e := newEnv(t)
	seen := map[string]bool{}
	queue := []string{"/", "/btc/mempool", "/eth/address/" + e.eth.alice.Hex()}
	pages := 0
	for len(queue) > 0 && pages < 400 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		pages++
		rec := e.get(t, "GET", p)
		if rec.Code != http.StatusOK {
			t.Errorf("link %s = %d", p, rec.Code)
			continue
		}
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			continue
		}
		for _, m := range hrefRE.FindAllStringSubmatch(rec.Body.String(), -1) {
			u := strings.ReplaceAll(m[1], "&amp;", "&")
			if i := strings.IndexByte(u, '#'); i >= 0 {
				u = u[:i]
			}
			if u == "" || !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
				continue
			}
			if !seen[u] {
				queue = append(queue, u)
			}
		}
	}
	if pages < 50 {
		t.Errorf("crawled only %d pages", pages)
	}
	t.Logf("crawled %d pages", pages)
}

func TestSearch(t *testing.T) {
	e := newEnv(t)
	spend := e.btc.blocks[e.btc.chain[2]].Block.Txs[1].TxHash()
	addr := e.addrOf(t, e.btc.scripts[1])
	tests := []struct {
		name, q  string
		code     int
		location string
		body     string
	}{
		{"height on both chains", "2", 200, "", "Several matches"},
		{"height only utxo", "5", 303, "/btc/block/" + e.btc.chain[5].String(), ""},
		{"height nowhere", "999", 404, "", ""},
		{"btc block hash", e.btc.chain[3].String(), 303, "/btc/block/" + e.btc.chain[3].String(), ""},
		{"btc txid", spend.String(), 303, "/btc/tx/" + spend.String(), ""},
		{"btc mempool txid", e.btc.mempool[1].Txid.String(), 303, "/btc/tx/" + e.btc.mempool[1].Txid.String(), ""},
		{"eth block hash", e.eth.chain[1].Block.Hash().Hex(), 303, "/eth/block/" + e.eth.chain[1].Block.Hash().Hex(), ""},
		{"eth block hash no 0x", strings.TrimPrefix(e.eth.chain[1].Block.Hash().Hex(), "0x"), 303, "/eth/block/" + e.eth.chain[1].Block.Hash().Hex(), ""},
		{"eth tx hash", e.eth.transferTx.Hex(), 303, "/eth/tx/" + e.eth.transferTx.Hex(), ""},
		{"eth address", e.eth.bob.Hex(), 303, "/eth/address/" + e.eth.bob.Hex(), ""},
		{"eth address lower", strings.ToLower(e.eth.bob.Hex()), 303, "/eth/address/" + e.eth.bob.Hex(), ""},
		{"btc address", addr, 303, "/btc/address/" + addr, ""},
		{"btc address padded", "  " + addr + " ", 303, "/btc/address/" + addr, ""},
		{"unknown hash", strings.Repeat("ab", 32), 404, "", ""},
		{"junk", "hello world", 400, "", ""},
		{"empty", "", 400, "", ""},
		{"too long", strings.Repeat("1", 200), 400, "", ""},
		{"html", "<script>alert(1)</script>", 400, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := e.get(t, "GET", "/search?q="+urlQueryEscape(tc.q))
			if rec.Code != tc.code {
				t.Fatalf("search %q = %d, want %d: %s", tc.q, rec.Code, tc.code, rec.Body.String())
			}
			if tc.location != "" && rec.Header().Get("Location") != tc.location {
				t.Errorf("Location = %q, want %q", rec.Header().Get("Location"), tc.location)
			}
			if tc.body != "" && !strings.Contains(rec.Body.String(), tc.body) {
				t.Errorf("body lacks %q", tc.body)
			}
			if strings.Contains(rec.Body.String(), "<script>alert") {
				t.Error("search text echoed unescaped")
			}
		})
	}
}

func urlQueryEscape(s string) string {
	r := strings.NewReplacer("%", "%25", " ", "+", "&", "%26", "#", "%23", "<", "%3C", ">", "%3E", "+", "%2B")
	return r.Replace(s)
}

func TestHostileInput(t *testing.T) {
	e := newEnv(t)
	bh := e.btc.chain[2].String()
	unknown := strings.Repeat("0f", 32)
	tests := []struct {
		name, method, path string
		code               int
	}{
		{"unknown block", "GET", "/btc/block/" + unknown, 404},
		{"unknown tx", "GET", "/btc/tx/" + unknown, 404},
		{"unknown eth block", "GET", "/eth/block/0x" + unknown, 404},
		{"unknown eth tx", "GET", "/eth/tx/0x" + unknown, 404},
		{"unknown api tx", "GET", "/api/tx/" + unknown, 404},
		{"unknown api outspends", "GET", "/api/tx/" + unknown + "/outspends", 404},
		{"short hash", "GET", "/btc/block/abcd", 400},
		{"non-hex hash", "GET", "/btc/tx/" + strings.Repeat("zz", 32), 400},
		{"overlong hash", "GET", "/btc/tx/" + strings.Repeat("a", 66), 400},
		{"negative height", "GET", "/btc/block-height/-1", 400},
		{"huge height", "GET", "/btc/block-height/99999999999999999999999", 400},
		{"height past tip", "GET", "/btc/block-height/6", 404},
		{"api height past tip", "GET", "/api/block-height/600", 404},
		{"page zero", "GET", "/btc/block/" + bh + "?page=0", 400},
		{"page negative", "GET", "/btc/block/" + bh + "?page=-3", 400},
		{"page huge", "GET", "/btc/block/" + bh + "?page=99999999999", 400},
		{"page past end", "GET", "/btc/block/" + bh + "?page=3", 404},
		{"page text", "GET", "/btc/block/" + bh + "?page=abc", 400},
		{"api txs start odd", "GET", "/api/block/" + bh + "/txs/7", 400},
		{"api txs start past end", "GET", "/api/block/" + bh + "/txs/2500", 404},
		{"api blocks negative", "GET", "/api/blocks/-1", 400},
		{"api blocks past tip", "GET", "/api/blocks/999", 200},
		{"api block status unknown", "GET", "/api/block/" + unknown + "/status", 404},
		{"api tx hex bad", "GET", "/api/tx/xyz/hex", 400},
		{"api txs start negative", "GET", "/api/block/" + bh + "/txs/-25", 400},
		{"bad address", "GET", "/btc/address/notanaddress", 400},
		{"mainnet address on regtest", "GET", "/btc/address/bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", 400},
		{"bad checksum", "GET", "/btc/address/bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt081", 400},
		{"api bad address", "GET", "/api/address/xyz/utxo", 400},
		{"address page past end", "GET", "/btc/address/" + e.addrOf(t, e.btc.scripts[0]) + "?page=5000", 404},
		{"eth bad address", "GET", "/eth/address/0x1234", 400},
		{"eth bad block", "GET", "/eth/block/0xzz", 400},
		{"eth negative block", "GET", "/eth/block/-1", 400},
		{"eth block past head", "GET", "/eth/block/4", 404},
		{"eth huge block", "GET", "/eth/block/184467440737095516160", 400},
		{"eth uncle out of range", "GET", "/eth/uncle/" + e.eth.uncleBlock.Hex() + "/1", 404},
		{"eth uncle negative", "GET", "/eth/uncle/" + e.eth.uncleBlock.Hex() + "/-1", 400},
		{"eth uncle huge", "GET", "/eth/uncle/" + e.eth.uncleBlock.Hex() + "/99999999999", 400},
		{"eth uncle unknown block", "GET", "/eth/uncle/0x" + unknown + "/0", 404},
		{"eth address bad tpage", "GET", "/eth/address/" + e.eth.alice.Hex() + "?tpage=0", 400},
		{"dot dot", "GET", "/btc/../etc/passwd", 400},
		{"encoded dot dot", "GET", "/btc/%2e%2e/%2e%2e/etc/passwd", 400},
		{"encoded slash", "GET", "/btc/tx/abc%2Fdef", 400},
		{"double slash", "GET", "//btc/mempool", 400},
		{"inner double slash", "GET", "/btc//mempool", 400},
		{"dot segment", "GET", "/btc/./mempool", 400},
		{"trailing dot", "GET", "/btc/.", 400},
		{"backslash", "GET", "/btc/block/..\\..\\x", 400},
		{"static traversal", "GET", "/static/../server.go", 400},
		{"static unknown", "GET", "/static/nope.css", 404},
		{"static bad type", "GET", "/static/style.go", 404},
		{"overlong path", "GET", "/btc/tx/" + strings.Repeat("a", 2000), 400},
		{"overlong query", "GET", "/search?q=" + strings.Repeat("a", 2000), 400},
		{"no such page", "GET", "/wp-admin/", 404},
		{"trailing slash", "GET", "/btc/mempool/", 404},
		{"post", "POST", "/", 405},
		{"put api", "PUT", "/api/tx/" + unknown, 405},
		{"delete", "DELETE", "/btc/mempool", 405},
		{"options", "OPTIONS", "/", 405},
		{"head ok", "HEAD", "/btc/mempool", 200},
		{"head 404", "HEAD", "/btc/tx/" + unknown, 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := e.get(t, tc.method, tc.path)
			if rec.Code != tc.code {
				t.Errorf("%s %s = %d, want %d: %.200s", tc.method, tc.path, rec.Code, tc.code, rec.Body.String())
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("missing security headers")
			}
			if tc.method == "HEAD" && rec.Body.Len() != 0 {
				t.Error("HEAD with a body")
			}
		})
	}
	if strings.Contains(e.log.String(), "panic") {
		t.Errorf("a handler panicked:\n%s", e.log.String())
	}
}

// TestHostileOverTheWire sends raw request targets through a real
// listener (the Go server's own parsing included).
func TestHostileOverTheWire(t *testing.T) {
	e := newEnv(t)
	ts := httptest.NewServer(e.srv.Handler())
	defer ts.Close()
	for _, target := range []string{"/%2e%2e/%2e%2e/etc/passwd", "/btc/block/%00", "//etc/passwd", "/btc/address/%ff%fe", "/api/tx/" + strings.Repeat("%41", 64)} {
		req, err := http.NewRequest("GET", ts.URL+"/", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Opaque = target
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 && resp.StatusCode != 404 {
			t.Errorf("%s = %d", target, resp.StatusCode)
		}
	}
}

func TestPanicRecovered(t *testing.T) {
	f := newBTCFixture([]int{1}, 0)
	f.panicTip = true
	lb := &lockedBuffer{}
	s := New(Config{BTC: f, Logger: slog.New(slog.NewTextHandler(lb, nil))})
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/blocks/tip/height", nil))
	if rec.Code != 500 {
		t.Fatalf("code %d", rec.Code)
	}
	if !strings.Contains(lb.String(), "tip exploded") {
		t.Errorf("panic not logged: %s", lb.String())
	}
}

func TestSourceErrors(t *testing.T) {
	f := newBTCFixture([]int{1}, 0)
	f.failTip = errors.New("disk on fire")
	s := New(Config{BTC: f})
	for _, p := range []string{"/api/blocks/tip/height", "/btc/block/" + f.chain[1].String()} {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if p == "/api/blocks/tip/height" && rec.Code != 503 {
			t.Errorf("%s: code %d", p, rec.Code)
		}
		if rec.Code == 500 {
			t.Errorf("%s: 500", p)
		}
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "unavailable") {
		t.Errorf("home with a failing source: %d", rec.Code)
	}
}

func TestNoIndexAndDisabledChain(t *testing.T) {
	f := newBTCFixture([]int{2}, 0)
	f.noIndex = true
	s := New(Config{BTC: f})
	a, _ := address.FromScriptPubKey(f.scripts[0], f.params)
	for path, code := range map[string]int{
		"/":                          200,
		"/btc/address/" + a.String(): 200,
		"/eth/block/1":               404,
		"/api/eth/tx/0x" + strings.Repeat("1", 64): 404,
		"/search?q=1": 303,
	} {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != code {
			t.Errorf("%s = %d, want %d", path, rec.Code, code)
		}
		if path == "/" && strings.Contains(rec.Body.String(), "Account chain") {
			t.Error("disabled chain shown")
		}
	}
	es := New(Config{ETH: newETHFixture(1, 1)})
	rec := httptest.NewRecorder()
	es.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/btc/mempool", nil))
	if rec.Code != 404 {
		t.Errorf("btc disabled: %d", rec.Code)
	}
}

func TestEvents(t *testing.T) {
	e := newEnv(t)
	if err := e.srv.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(e.srv.Handler())
	defer ts.Close()
	defer e.srv.Stop()
	resp, err := ts.Client().Get(ts.URL + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		buf := make([]byte, 4096)
		var acc string
		for {
			n, err := resp.Body.Read(buf)
			acc += string(buf[:n])
			for {
				i := strings.IndexByte(acc, '\n')
				if i < 0 {
					break
				}
				lines <- acc[:i]
				acc = acc[i+1:]
			}
			if err != nil {
				return
			}
		}
	}()
	timeout := time.After(10 * time.Second)
	next := func() string {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("stream ended")
			}
			return l
		case <-timeout:
			t.Fatal("timed out waiting for an event")
		}
		return ""
	}
	// The greeting comment proves the client joined the hub.
	for !strings.HasPrefix(next(), ": twinchain") {
	}
	e.btc.emit(BTCEvent{Kind: BTCBlockConnected, Hash: e.btc.chain[5], Height: 5})
	e.eth.emit(ETHEvent{Kind: ETHTxAdded, Hash: e.eth.transferTx})
	e.btc.emit(BTCEvent{Kind: BTCBlockDisconnected, Hash: e.btc.chain[5], Height: 5})
	e.eth.emit(ETHEvent{Kind: ETHBlocksRemoved, Number: 3})
	want := []struct {
		event, url string
		height     int64
	}{
		{"event: btc-block", "/btc/block/" + e.btc.chain[5].String(), 5},
		{"event: eth-tx", "/eth/tx/" + e.eth.transferTx.Hex(), 0},
		// A disconnect names the first height that left and links the new tip.
		{"event: btc-disconnect", "/btc/block-height/4", 5},
		{"event: eth-disconnect", "/eth/block/2", 3},
	}
	for _, w := range want {
		for {
			l := next()
			if l == w.event {
				data := next()
				var ev liveEvent
				if err := json.Unmarshal([]byte(strings.TrimPrefix(data, "data: ")), &ev); err != nil {
					t.Fatalf("bad data %q: %v", data, err)
				}
				if ev.URL != w.url || ev.Height != w.height {
					t.Errorf("%s: event %+v, want url %s height %d", w.event, ev, w.url, w.height)
				}
				break
			}
		}
	}
	if e.srv.hub.clientCount() != 1 {
		t.Errorf("clients %d", e.srv.hub.clientCount())
	}
}

func TestEventsLimit(t *testing.T) {
	e := newEnv(t)
	e.srv.hub.max = 0
	rec := e.get(t, "GET", "/events")
	if rec.Code != 503 {
		t.Errorf("code %d", rec.Code)
	}
}

func TestFeeHistogram(t *testing.T) {
	var h FeeHistogram
	h.Add(100, 200)  // 0.5 sat/vB -> first bucket
	h.Add(1000, 100) // 10
	h.Add(1100, 100) // 11 -> 10
	h.Add(5e6, 1000) // 5000 -> top
	h.Add(10, 0)     // ignored
	got := h.Buckets()
	want := []FeeBucket{{1000, 1000}, {10, 200}, {1, 200}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("bucket %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestLRU(t *testing.T) {
	c := newLRU[int, string](2)
	c.put(1, "a")
	c.put(2, "b")
	c.get(1)
	c.put(3, "c")
	if _, ok := c.get(2); ok {
		t.Error("2 should be evicted")
	}
	if v, ok := c.get(1); !ok || v != "a" {
		t.Error("1 lost")
	}
	if c.len() != 2 {
		t.Errorf("len %d", c.len())
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ got, want string }{
		{formatSats(0), "0.00000000 BTC"},
		{formatSats(123456789), "1.23456789 BTC"},
		{formatSats(-5), "-0.00000005 BTC"},
		{formatWei(uint256FromUint64(1e18)), "1 ETH"},
		{formatWei(uint256FromUint64(1)), "0.000000000000000001 ETH"},
		{formatGwei(uint256FromUint64(7e9)), "7 gwei"},
		{formatGwei(uint256FromUint64(1_500_000_000)), "1.5 gwei"},
	}
	for i, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%d: got %q want %q", i, tc.got, tc.want)
		}
	}
}

func TestErrorKinds(t *testing.T) {
	for _, k := range []ErrorKind{ErrNotFound, ErrBadRequest, ErrChainDisabled} {
		err := newError(k, "x")
		if !errors.Is(err, k) {
			t.Errorf("%v: errors.Is failed", k)
		}
		var e *Error
		if !errors.As(err, &e) || e.Description != "x" {
			t.Errorf("%v: errors.As failed", k)
		}
	}
	code, _ := httpStatus(errFakeNotFound)
	if code != 404 {
		t.Errorf("wrapped not found -> %d", code)
	}
}

// FuzzRequestPath: no request target makes the server answer 500 or panic.
func FuzzRequestPath(f *testing.F) {
	e := newEnv(f)
	for _, s := range []string{"/", "/btc/block/" + e.btc.chain[1].String(), "/search?q=1", "/eth/uncle/0x00/0", "/btc/address/x?page=2", "/api/block/00/txs/25", "/%2e%2e/", "/eth/block/" + ethtypes.Hash{}.Hex()} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		if !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \r\n\t#") {
			return
		}
		req, err := http.ReadRequest(bufioReader("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"))
		if err != nil {
			return
		}
		rec := httptest.NewRecorder()
		e.srv.Handler().ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%q -> %d", target, rec.Code)
		}
	})
}

func uint256FromUint64(v uint64) *uint256.Int { return uint256.NewInt(v) }

func bufioReader(s string) *bufio.Reader { return bufio.NewReader(strings.NewReader(s)) }
