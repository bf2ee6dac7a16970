package explorer

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/twinchain/twinchain/e2e/e2eutil"
)

// Browser waits (failure guards only).
const (
	browserLife   = 5 * time.Minute  // the whole browser session
	actionTimeout = 30 * time.Second // one navigation, click or query
	liveTimeout   = 30 * time.Second // a mined block reaching the page
)

// browser is one headless Chromium tab on the explorer.
type browser struct {
	t    *testing.T
	n    *node
	ctx  context.Context // the tab
	base string
	dir  string // screenshots
	step int
	log  string // Chromium's console output

	mu      sync.Mutex
	console []chromedp.ConsoleMessage // what the pages wrote to the console
}

// chromiumPath finds Debian's Chromium ($TWINCHAIN_CHROMIUM overrides).
func chromiumPath() (string, error) {
	if p := os.Getenv("TWINCHAIN_CHROMIUM"); p != "" {
		return exec.LookPath(p)
	}
	for _, c := range []string{"chromium", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("chromium not found in PATH")
}

// artifactsDir returns the folder for screenshots: $TWINCHAIN_ARTIFACTS, or
// artifacts/ next to the tests.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("TWINCHAIN_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// newBrowser starts headless Chromium with a fresh profile and opens a tab.
// Without Chromium the test skips (fails under CI).
func newBrowser(t *testing.T, n *node) *browser {
	t.Helper()
	path, err := chromiumPath()
	e2eutil.NeedTool(t, "Debian's chromium", err)
	b := &browser{t: t, n: n, base: n.base(), dir: artifactsDir(t), log: filepath.Join(n.dir, "chromium.log")}
	old, _ := filepath.Glob(filepath.Join(b.dir, "browse-*.png")) // a previous run's
	for _, f := range old {
		_ = os.Remove(f)
	}
	logf, err := os.Create(b.log)
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(filepath.Join(n.dir, "chromium-profile")),
		// This machine's network is closed: without these Chromium's
		// background connections are refused and slow it down.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// The back/forward cache stays on, as in a user's browser: live.js
		// closes its /events stream on pagehide, so cached pages do not
		// hold the per-host connections (once a hang at the seventh page).
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees"),
		chromedp.WindowSize(1280, 1000),
		chromedp.CombinedOutput(logf),
	)
	life, cancelLife := context.WithTimeout(context.Background(), browserLife)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(life, opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelLife()
		logf.Close()
		if t.Failed() {
			if data, err := os.ReadFile(b.log); err == nil {
				t.Logf("chromium output:\n%s", e2eutil.LastLines(string(data), 30))
			}
		}
	})
	start := time.Now()
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("starting %s: %v", path, err)
	}
	t.Logf("chromium started in %v", time.Since(start).Round(time.Millisecond))
	b.ctx = ctx
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	return b
}

// actx returns a context bounding one action.
func (b *browser) actx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, actionTimeout)
}

// open navigates to path and fails unless the page answers 200.
func (b *browser) open(path string) {
	b.t.Helper()
	ctx, cancel := b.actx()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	if resp.Status != 200 {
		b.t.Fatalf("open %s: HTTP %d", path, resp.Status)
	}
}

// follow clicks the link css selects, waits for the page it leads to and
// fails unless that page is at a path matching wantPath (compared
// case-insensitively: the explorer may print hex in either case) and
// answers 200.
func (b *browser) follow(css, wantPath string) {
	b.t.Helper()
	ctx, cancel := b.actx()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(css))); err != nil {
		b.t.Fatalf("click %s on %s: %v", css, b.location(), err)
	}
	b.waitLanding(wantPath, "click "+css)
}

// search types q into the search box, submits it with Enter and checks
// where it lands.
func (b *browser) search(q, wantPath string) {
	b.t.Helper()
	ctx, cancel := b.actx()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Clear(chromedp.ID("q")), chromedp.SendKeys(chromedp.ID("q"), q+"\n")); err != nil {
		b.t.Fatalf("search %s: %v", q, err)
	}
	b.waitLanding(wantPath, "search "+q)
}

// waitLanding waits until the tab has loaded a document at wantPath, then
// checks that the explorer answers that path with 200. (Waiting on the
// location and document.readyState is more robust than waiting for a
// navigation response event, which can be missed on a busy machine.)
func (b *browser) waitLanding(wantPath, what string) {
	b.t.Helper()
	want := strings.ToLower(b.base + wantPath)
	deadline := time.Now().Add(actionTimeout)
	var last string
	for {
		ctx, cancel := b.actx()
		st, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState + " " + location.href`))
		cancel()
		if err == nil {
			last = st
			if strings.ToLower(st) == "complete "+want {
				break
			}
		} else {
			last = err.Error()
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s: did not land on %s within %v (%s)", what, wantPath, actionTimeout, last)
		}
		time.Sleep(pollEvery)
	}
	code, body, err := b.n.get(strings.TrimPrefix(last, "complete "+b.base))
	if err != nil || code != 200 {
		b.t.Fatalf("%s: %s answers %d (%v): %.200s", what, wantPath, code, err, body)
	}
}

// location returns the tab's URL.
func (b *browser) location() string {
	b.t.Helper()
	ctx, cancel := b.actx()
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("location: %v", err)
	}
	return loc
}

// text returns the visible text of the first element css selects.
func (b *browser) text(css string) string {
	b.t.Helper()
	ctx, cancel := b.actx()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("text of %s on %s: %v", css, b.location(), err)
	}
	return strings.TrimSpace(s)
}

// fact returns the text of the <dd> after the <dt> labelled label in the
// page's facts list.
func (b *browser) fact(label string) string {
	b.t.Helper()
	ctx, cancel := b.actx()
	defer cancel()
	sel := fmt.Sprintf(`//main//dl[contains(@class,"facts")]/dt[normalize-space()=%q]/following-sibling::dd[1]`, label)
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.Search(sel)))
	if err != nil {
		b.t.Fatalf("fact %q on %s: %v", label, b.location(), err)
	}
	return strings.TrimSpace(s)
}

// expect fails the test (not at once) when got != want.
func (b *browser) expect(what, got, want string) {
	b.t.Helper()
	if got != want {
		b.t.Errorf("%s on %s: the page shows %q, the node says %q", what, b.location(), got, want)
	}
}

// expectFold is expect ignoring case (hex).
func (b *browser) expectFold(what, got, want string) {
	b.t.Helper()
	if !strings.EqualFold(got, want) {
		b.t.Errorf("%s on %s: the page shows %q, the node says %q", what, b.location(), got, want)
	}
}

// shot saves a full-page PNG screenshot named after the step.
func (b *browser) shot(name string) {
	b.t.Helper()
	b.step++
	ctx, cancel := b.actx()
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	file := filepath.Join(b.dir, fmt.Sprintf("browse-%02d-%s.png", b.step, name))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s (%d bytes)", file, len(png))
}

// waitText polls the text of css until match accepts it.
func (b *browser) waitText(css, what string, match func(string) bool) string {
	b.t.Helper()
	deadline := time.Now().Add(liveTimeout)
	var last string
	for {
		ctx, cancel := b.actx()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
		cancel()
		if err == nil {
			last = strings.TrimSpace(s)
			if match(last) {
				return last
			}
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s: %s still shows %q after %v", what, css, last, liveTimeout)
		}
		time.Sleep(pollEvery)
	}
}

// checkConsole fails the test for uncaught exceptions and Content Security
// Policy violations (the explorer's pages allow no inline scripts or
// styles) and logs the pages' other console messages.
func (b *browser) checkConsole() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		switch {
		case m.IsException(), strings.Contains(m.Text, "Content Security Policy"), strings.Contains(m.Text, "Refused to"):
			b.t.Errorf("console %s at %s:%d: %s", m.Type, m.URL, m.Line+1, m.Text)
		default:
			b.t.Logf("console %s at %s: %s", m.Type, m.URL, m.Text)
		}
	}
}

// ethHead returns the account chain's head number.
func ethHead(t *testing.T, n *node) uint64 {
	t.Helper()
	var h string
	n.eth(t, "eth_blockNumber", &h)
	return hexUint(t, h)
}

var spaces = regexp.MustCompile(`\s+`)

// squash collapses runs of white space (for text spanning elements).
func squash(s string) string { return spaces.ReplaceAllString(strings.TrimSpace(s), " ") }

// TestExplorerBrowse drives Chromium through the explorer: the home page,
// block -> transaction -> address on each chain, the search box with every
// kind of key, and new blocks appearing live. Facts shown are checked
// against the node's RPC answers; every step leaves a screenshot.
func TestExplorerBrowse(t *testing.T) {
	n := startNode(t)
	s := buildScenario(t, n)
	b := newBrowser(t, n)
	start := time.Now()

	// Home: both tips.
	b.open("/")
	var btcHeight int64
	n.btc(t, "", "getblockcount", &btcHeight)
	head := ethHead(t, n)
	b.expect("UTXO tip", b.text("#btc-tip"), fmt.Sprint(btcHeight))
	b.expect("account head", b.text("#eth-tip"), fmt.Sprint(head))
	b.shot("home")

	// UTXO chain: home -> the payment block -> the taproot payment -> the
	// taproot address.
	b.follow(`#btc-blocks a[href="/btc/block/`+s.btcPayBlock+`"]`, "/btc/block/"+s.btcPayBlock)
	var blk struct {
		Height int64    `json:"height"`
		Tx     []string `json:"tx"`
		Size   int64    `json:"size"`
		Weight int64    `json:"weight"`
	}
	n.btc(t, "", "getblock", &blk, s.btcPayBlock, 1)
	b.expect("block title", b.text("main h1"), fmt.Sprintf("UTXO block %d", blk.Height))
	b.expect("block hash", b.text("main p.hash code"), s.btcPayBlock)
	b.expect("block height", b.fact("Height"), fmt.Sprint(blk.Height))
	b.expect("transaction count", b.fact("Transactions"), fmt.Sprint(len(blk.Tx)))
	b.expect("weight", b.fact("Weight"), fmt.Sprintf("%d WU", blk.Weight))
	var stats struct {
		TotalFee int64 `json:"totalfee"`
	}
	if err := n.btcErr("", "getblockstats", &stats, s.btcPayBlock, []string{"totalfee"}); err == nil {
		b.expect("block fees", b.fact("Fees"), formatBTC(stats.TotalFee))
	} else {
		t.Logf("getblockstats: %v (block fees not checked)", err)
	}
	b.shot("btc-block")

	b.follow(`main a[href="/btc/tx/`+s.btcTxTaproot+`"]`, "/btc/tx/"+s.btcTxTaproot)
	var wtx struct {
		Fee json.Number `json:"fee"`
	}
	n.btc(t, alice, "gettransaction", &wtx, s.btcTxTaproot)
	b.expect("txid", b.text("main p.hash code"), s.btcTxTaproot)
	b.expect("fee", b.fact("Fee"), formatBTC(-btcSats(t, wtx.Fee)))
	if st := squash(b.fact("Status")); !strings.HasPrefix(st, fmt.Sprintf("confirmed in block %d (2 confirmations)", blk.Height)) {
		t.Errorf("transaction status shows %q, want confirmed in block %d with 2 confirmations", st, blk.Height)
	}
	if outs := squash(b.text("main ol.vouts")); !strings.Contains(outs, s.btcTaproot+" · "+formatBTC(s.btcTaprootSats)) {
		t.Errorf("the outputs do not show %s · %s: %q", s.btcTaproot, formatBTC(s.btcTaprootSats), outs)
	}
	b.shot("btc-tx")

	b.follow(`main ol.vouts a[href="/btc/address/`+s.btcTaproot+`"]`, "/btc/address/"+s.btcTaproot)
	var unspent []struct {
		Amount json.Number `json:"amount"`
	}
	n.btc(t, bob, "listunspent", &unspent, 1, 9999999, []string{s.btcTaproot})
	var want int64
	for _, u := range unspent {
		want += btcSats(t, u.Amount)
	}
	b.expect("address", b.text("main p.hash code"), s.btcTaproot)
	b.expect("address balance", b.text("#balance"), formatBTC(want))
	b.expect("address type", b.fact("Type"), "v1_p2tr")
	if hist := b.text("main table"); !strings.Contains(hist, s.btcTxTaproot) {
		t.Errorf("the address history lacks %s: %q", s.btcTxTaproot, hist)
	}
	b.shot("btc-address")

	// Account chain: home -> the token-transfer block -> the transfer ->
	// the token's recipient.
	b.open("/")
	b.follow(fmt.Sprintf(`#eth-blocks a[href="/eth/block/%d"]`, s.ethTokenNumber), fmt.Sprintf("/eth/block/%d", s.ethTokenNumber))
	b.expect("block title", b.text("main h1"), fmt.Sprintf("Account block %d", s.ethTokenNumber))
	b.expectFold("block hash", b.text("main p.hash code"), s.ethTokenBlock)
	var eblk struct {
		GasUsed   string `json:"gasUsed"`
		StateRoot string `json:"stateRoot"`
		Miner     string `json:"miner"`
	}
	n.eth(t, "eth_getBlockByHash", &eblk, s.ethTokenBlock, false)
	b.expectFold("state root", b.fact("State root"), eblk.StateRoot)
	b.expectFold("miner", b.fact("Miner"), eblk.Miner)
	if g := b.fact("Gas used"); !strings.HasPrefix(g, fmt.Sprint(hexUint(t, eblk.GasUsed))+" of ") {
		t.Errorf("gas used shows %q, the node says %d", g, hexUint(t, eblk.GasUsed))
	}
	b.shot("eth-block")

	b.follow(`main a[href="/eth/tx/`+s.ethTxToken+`" i]`, "/eth/tx/"+s.ethTxToken)
	b.expectFold("transaction hash", b.text("main p.hash code"), s.ethTxToken)
	b.expect("status", b.fact("Status"), "success")
	if tr := squash(b.text("main p.transfer")); !strings.Contains(tr, fmt.Sprintf("ERC-20 Transfer of %d", tokenMoved)) ||
		!strings.Contains(strings.ToLower(tr), strings.ToLower(s.ethTokenTo)) {
		t.Errorf("the decoded transfer shows %q, want %d units to %s", tr, tokenMoved, s.ethTokenTo)
	}
	b.shot("eth-tx")

	b.follow(`main p.transfer a[href="/eth/address/`+s.ethTokenTo+`" i]`, "/eth/address/"+s.ethTokenTo)
	var bal string
	n.eth(t, "eth_getBalance", &bal, s.ethTokenTo, "latest")
	b.expectFold("address", b.text("main p.hash code"), s.ethTokenTo)
	b.expect("balance", b.text("#balance"), formatETH(hexBig(t, bal)))
	if tt := strings.ToLower(b.text("main")); !strings.Contains(tt, strings.ToLower(s.ethTxToken)) || !strings.Contains(tt, strings.ToLower(s.ethToken)) {
		t.Errorf("the token transfers of %s lack %s of token %s", s.ethTokenTo, s.ethTxToken, s.ethToken)
	}
	b.shot("eth-address")

	// A plain ether payment: its recipient's page.
	b.open("/eth/tx/" + s.ethTxPay)
	b.expect("value", b.fact("Value"), formatETH(s.ethPayWei))
	b.follow(`main dl.facts a[href="/eth/address/`+s.ethTo+`" i]`, "/eth/address/"+s.ethTo)
	n.eth(t, "eth_getBalance", &bal, s.ethTo, "latest")
	b.expect("balance", b.text("#balance"), formatETH(hexBig(t, bal)))
	b.shot("eth-payee")

	// Search by every kind of key.
	var hash3 string
	n.btc(t, "", "getblockhash", &hash3, 3)
	b.open("/")
	b.search(fmt.Sprint(btcHeight), "/btc/block/"+mustBlockHash(t, n, btcHeight)) // only the UTXO chain is that high
	b.shot("search-btc-height")
	b.search("3", "/search?q=3") // both chains have a block 3: a chooser
	b.shot("search-height-choice")
	b.follow(`main ul.choices a[href="/eth/block/3"]`, "/eth/block/3")
	b.search("3", "/search?q=3")
	b.follow(`main ul.choices a[href="/btc/block/`+hash3+`"]`, "/btc/block/"+hash3)
	b.search(s.btcPayBlock, "/btc/block/"+s.btcPayBlock)
	b.search(s.btcTxBech32, "/btc/tx/"+s.btcTxBech32)
	b.shot("search-btc-txid")
	b.search(s.btcBech32, "/btc/address/"+s.btcBech32)
	b.shot("search-btc-address")
	b.search(s.ethTokenBlock, "/eth/block/"+s.ethTokenBlock)
	b.search(s.ethTxPay, "/eth/tx/"+s.ethTxPay)
	b.shot("search-eth-tx")
	b.search(s.ethStranger, "/eth/address/"+s.ethStranger)
	b.shot("search-eth-address")

	// Live: a wallet payment appears on the mempool page without a reload.
	b.open("/btc/mempool")
	b.waitText("#live-status", "live updates", func(s string) bool { return s == "Live updates on." })
	b.expect("mempool size", b.text("#btc-mempool"), "0")
	var liveTx string
	n.btc(t, alice, "sendtoaddress", &liveTx, s.btcBech32, "0.125")
	b.waitText("#btc-mempool-recent", "the new transaction on the mempool page", func(s string) bool { return strings.Contains(s, liveTx) })
	b.waitText("#btc-mempool", "the mempool counter", func(s string) bool { return s == "1" })
	b.shot("live-mempool")

	// Live: a block mined on each chain appears without a reload.
	b.open("/")
	b.waitText("#live-status", "live updates", func(s string) bool { return s == "Live updates on." })
	var snap string
	n.eth(t, "evm_snapshot", &snap)
	var hashes []string
	n.btc(t, "", "generatetoaddress", &hashes, 1, s.btcMine)
	b.waitText("#btc-tip", "the UTXO tip on the page", func(s string) bool { return s == fmt.Sprint(btcHeight+1) })
	b.waitText("#btc-blocks", "the new UTXO block in the recent blocks", func(s string) bool { return strings.HasPrefix(s, fmt.Sprint(btcHeight+1)) })
	n.eth(t, "evm_mine", nil)
	newHead := ethHead(t, n)
	b.waitText("#eth-tip", "the account head on the page", func(s string) bool { return s == fmt.Sprint(newHead) })
	feed := b.waitText("#live-feed", "the live feed", func(s string) bool {
		return strings.Contains(s, fmt.Sprintf("UTXO block %d", btcHeight+1)) && strings.Contains(s, fmt.Sprintf("account block %d", newHead))
	})
	// The page was not reloaded: the live rows are the ones live.js adds.
	ctx, cancel := b.actx()
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#btc-blocks tr.new a[href='/btc/block/"+hashes[0]+"']"))); err != nil {
		t.Errorf("the new UTXO block is not a live row: %v", err)
	}
	t.Logf("live feed: %q", squash(feed))
	b.shot("live")

	// Live: blocks that leave the chain leave the page, without a reload
	// (the UTXO block invalidated, the account chain rewound by evm_revert).
	n.btc(t, "", "invalidateblock", nil, hashes[0])
	b.waitText("#btc-tip", "the UTXO tip after invalidateblock", func(s string) bool { return s == fmt.Sprint(btcHeight) })
	b.waitText("#btc-blocks", "the invalidated block gone from the recent blocks", func(s string) bool {
		return s != "" && !strings.HasPrefix(s, fmt.Sprint(btcHeight+1))
	})
	var reverted bool
	n.eth(t, "evm_revert", &reverted, snap)
	if !reverted {
		t.Fatalf("evm_revert %s answered false", snap)
	}
	b.waitText("#eth-tip", "the account head after evm_revert", func(s string) bool { return s == fmt.Sprint(newHead-1) })
	feed = b.waitText("#live-feed", "the disconnects in the live feed", func(s string) bool {
		return strings.Contains(s, fmt.Sprintf("UTXO blocks from %d left the chain", btcHeight+1)) &&
			strings.Contains(s, fmt.Sprintf("account blocks from %d left the chain", newHead))
	})
	t.Logf("live feed after the disconnects: %q", squash(feed))
	b.shot("live-disconnect")
	b.checkConsole()
	t.Logf("browser steps took %v", time.Since(start).Round(time.Millisecond))
}

// mustBlockHash returns the hash of the UTXO block at height h.
func mustBlockHash(t *testing.T, n *node, h int64) string {
	t.Helper()
	var hash string
	n.btc(t, "", "getblockhash", &hash, h)
	return hash
}
