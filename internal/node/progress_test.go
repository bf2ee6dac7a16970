package node

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/logging"
)

// testClock is a clock the progress tests move by hand.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { return c.t }

// logLines returns the messages logged to buf, without the timestamps.
func logLines(buf *bytes.Buffer) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		if l == "" {
			continue
		}
		if _, rest, ok := strings.Cut(l, " "); ok {
			l = rest
		}
		out = append(out, l)
	}
	return out
}

func TestReindexLogger(t *testing.T) {
	var buf bytes.Buffer
	logs, err := logging.New(logging.Config{Console: &buf})
	if err != nil {
		t.Fatal(err)
	}
	c := &testClock{t: time.Unix(1_700_000_000, 0)}
	hook := reindexLogger(logs.For("reindex"), c.now)
	for i := int32(1); i <= 4; i++ {
		c.t = c.t.Add(5 * time.Second)
		hook(blockchain.ReindexStatus{FilesDone: i, Files: 4, Blocks: int(i) * 100})
	}
	want := []string{
		"[reindex] Reindexing block files: 2/4 files (50.0%), 0.2 files/s, ETA 10s blocks=200",
		"[reindex] Reindexing block files: done, 4 files in 20s, 0.2 files/s blocks=400",
	}
	if got := logLines(&buf); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRescanLogger(t *testing.T) {
	var buf bytes.Buffer
	logs, err := logging.New(logging.Config{Console: &buf})
	if err != nil {
		t.Fatal(err)
	}
	c := &testClock{t: time.Unix(1_700_000_000, 0)}
	r := newRescanLogger(logs.For("walletdb"), c.now)

	// A short, quick rescan (catching up at load) stays quiet.
	for h := int32(10); h <= 12; h++ {
		r.report(wallet.RescanStatus{Wallet: "w", Height: h, From: 10, To: 12})
	}
	if buf.Len() != 0 {
		t.Fatalf("quick rescan logged %q", buf.String())
	}
	// A slow one logs progress every interval and its end (the meter
	// starts with the first block reported).
	for h := int32(0); h <= 99; h++ {
		c.t = c.t.Add(time.Second)
		r.report(wallet.RescanStatus{Wallet: "", Height: h, From: 0, To: 99})
	}
	got := logLines(&buf)
	if len(got) != 10 {
		t.Fatalf("%d lines:\n%s", len(got), strings.Join(got, "\n"))
	}
	if got[0] != "[walletdb] Rescanning the default wallet: 11/100 blocks (11.0%), 1.1 blocks/s, ETA 1m21s height=10" {
		t.Errorf("first line %q", got[0])
	}
	if got[9] != "[walletdb] Rescanning the default wallet: done, 100 blocks in 1m39s, 1.0 blocks/s" {
		t.Errorf("last line %q", got[9])
	}
	if len(r.running) != 0 {
		t.Errorf("finished rescans still tracked: %v", r.running)
	}
}

// TestJSONDebugLog starts a node whose logging follows -logformat=json, as
// twinchaind builds it, and checks every debug.log line is a JSON object.
func TestJSONDebugLog(t *testing.T) {
	cfg := loadConfig(t, t.TempDir(), "-logformat=json", "-disablewallet", "-noeth")
	logs, err := logging.New(logging.Config{File: cfg.DebugLogFile, Format: cfg.LogFormat})
	if err != nil {
		t.Fatal(err)
	}
	n, err := New(cfg, logs)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := logs.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(cfg.DebugLogFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	sawDone := false
	for _, l := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		if rec["msg"] == "Done loading" && rec["sub"] == "init" && rec["level"] == "INFO" {
			sawDone = true
		}
	}
	if !sawDone {
		t.Errorf("no Done loading record in:\n%s", data)
	}
}
