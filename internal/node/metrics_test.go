package node

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// regtestAddr is BIP173's regtest P2WPKH example address.
const regtestAddr = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"

// scrapeMetrics returns the series of a node's /metrics as name{labels} ->
// value.
func scrapeMetrics(t *testing.T, n *Node) map[string]float64 {
	t.Helper()
	addr := n.MetricsAddr()
	if addr == nil {
		t.Fatal("metrics are off")
	}
	cl := &http.Client{Timeout: 30 * time.Second}
	resp, err := cl.Get("http://" + addr.String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %s", resp.Status)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]float64)
	for _, line := range strings.Split(string(body), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			t.Fatalf("bad line %q", line)
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("bad value in %q", line)
		}
		out[line[:i]] = v
	}
	return out
}

func TestMetricsEndpoint(t *testing.T) {
	cfg := loadConfig(t, t.TempDir(), "-disablewallet")
	cfg.Metrics, cfg.MetricsDefault = "127.0.0.1:0", false
	n, cl := startNode(t, cfg)

	var count int
	call(t, cl, "getblockcount", nil, &count)
	m := scrapeMetrics(t, n)
	const getCount = `twinchain_rpc_requests_total{code="0",method="getblockcount",server="btc"}`
	if m["twinchain_btc_blocks"] != 0 || m[getCount] != 1 {
		t.Fatalf("fresh node: blocks %v, getblockcount calls %v", m["twinchain_btc_blocks"], m[getCount])
	}

	var hashes []string
	call(t, cl, "generatetoaddress", []any{3, regtestAddr}, &hashes)
	call(t, cl, "getblockcount", nil, &count)
	var e struct{}
	if err := cl.Call(context.Background(), "getblockhash", []any{99}, &e); err == nil {
		t.Fatal("getblockhash 99 succeeded")
	}
	ethCall(t, ethURL(t, n), "eth_chainId")

	m = scrapeMetrics(t, n)
	checks := []struct {
		name string
		ok   func(float64) bool
	}{
		{"twinchain_btc_blocks", func(v float64) bool { return v == 3 }},
		{"twinchain_btc_headers", func(v float64) bool { return v == 3 }},
		{"twinchain_btc_peers", func(v float64) bool { return v == 0 }},
		{"twinchain_btc_mempool_txs", func(v float64) bool { return v == 0 }},
		{"twinchain_btc_mempool_bytes", func(v float64) bool { return v == 0 }},
		{"twinchain_btc_mempool_usage_bytes", func(v float64) bool { return v >= 0 }},
		{"twinchain_btc_block_validation_seconds_count", func(v float64) bool { return v >= 3 }},
		{"twinchain_btc_block_connect_seconds_count", func(v float64) bool { return v >= 3 }},
		{"twinchain_btc_block_connect_seconds_sum", func(v float64) bool { return v > 0 && v < 60 }},
		{"twinchain_btc_utxo_cache_coins", func(v float64) bool { return v >= 3 }},
		{"twinchain_btc_utxo_cache_bytes", func(v float64) bool { return v > 0 }},
		{"twinchain_btc_utxo_flushes_total", func(v float64) bool { return v >= 0 }},
		{"twinchain_eth_head_number", func(v float64) bool { return v >= 0 }},
		{"twinchain_eth_peers", func(v float64) bool { return v == 0 }},
		{"twinchain_eth_txpool_pending", func(v float64) bool { return v == 0 }},
		{"twinchain_eth_txpool_queued", func(v float64) bool { return v == 0 }},
		{getCount, func(v float64) bool { return v == 2 }},
		{`twinchain_rpc_requests_total{code="0",method="generatetoaddress",server="btc"}`, func(v float64) bool { return v == 1 }},
		{`twinchain_rpc_requests_total{code="-8",method="getblockhash",server="btc"}`, func(v float64) bool { return v == 1 }},
		{`twinchain_rpc_requests_total{code="0",method="eth_chainId",server="eth"}`, func(v float64) bool { return v == 1 }},
		{`twinchain_rpc_request_seconds_count{method="getblockcount",server="btc"}`, func(v float64) bool { return v == 2 }},
		{"go_goroutines", func(v float64) bool { return v > 0 }},
		{"process_start_time_seconds", func(v float64) bool { return v > 0 }},
	}
	for _, c := range checks {
		v, ok := m[c.name]
		if !ok {
			t.Errorf("%s missing", c.name)
			continue
		}
		if !c.ok(v) {
			t.Errorf("%s = %v", c.name, v)
		}
	}

	addr := n.MetricsAddr().String()
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}
	if c, err := net.DialTimeout("tcp", addr, 5*time.Second); err == nil {
		c.Close()
		t.Error("the metrics listener is still open after Stop")
	}
}

func TestMetricsBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := ln.Addr().String()

	t.Run("explicit", func(t *testing.T) {
		cfg := loadConfig(t, t.TempDir(), "-disablewallet", "-noeth")
		cfg.Metrics, cfg.MetricsDefault = busy, false
		n, err := New(cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = n.Start(context.Background())
		if !errors.Is(err, ErrStartup) || !strings.Contains(err.Error(), "metrics") {
			t.Fatalf("Start on a busy explicit port: %v", err)
		}
	})
	t.Run("default", func(t *testing.T) {
		cfg := loadConfig(t, t.TempDir(), "-disablewallet", "-noeth")
		cfg.Metrics, cfg.MetricsDefault = busy, true
		n, _ := startNode(t, cfg)
		if a := n.MetricsAddr(); a != nil {
			t.Fatalf("metrics bound to %v", a)
		}
	})
	t.Run("off", func(t *testing.T) {
		n, _ := startNode(t, loadConfig(t, t.TempDir(), "-disablewallet", "-noeth"))
		if a := n.MetricsAddr(); a != nil {
			t.Fatalf("metrics bound to %v", a)
		}
	})
}
