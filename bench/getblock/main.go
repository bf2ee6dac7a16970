// Command getblock drives the getblock verbosity-2 benchmark of
// bench/run-getblock.sh against any bitcoind-dialect JSON-RPC server
// (twinchaind, btcd). It speaks HTTP JSON-RPC 1.0 with basic auth and has
// three subcommands:
//
//	getblock submit -url URL -user U -pass P FILE
//	    submits every block of a blk file (network magic, 4-byte
//	    little-endian size, block; the first record, the genesis block, is
//	    skipped) with submitblock, in file order, and prints
//	    "height=N hash=H" of the node's tip afterwards.
//	getblock compare -url URL -url2 URL2 -user U -pass P -from H -to H
//	    checks that both nodes have the same tip and, for every block of
//	    heights [from, to], that getblock verbosity 2 gives the same block
//	    fields and the same transactions (txid, wtxid, size, vsize, weight,
//	    inputs, outputs), and prints the fields only one side returns.
//	getblock tip -url URL -user U -pass P
//	    prints "height=N hash=H" of the node's tip.
//	getblock freeport
//	    prints a TCP port free on 127.0.0.1 (for the script's nodes).
//	getblock load -url URL -user U -pass P -from H -to H -clients N -duration D
//	    fetches the hashes of heights [from, to], asks each block once
//	    (warm-up, also recording its answer's length), then runs N clients
//	    that each loop on getblock <hash> 2 over those blocks in a shared
//	    round-robin order (block i mod count for the i-th request) until the
//	    duration ends, and prints one line:
//	    "requests=N bytes=N seconds=S rps=R mbps=M p50ms=A p99ms=B conns=C".
//	    A reply with a status other than 200 or a length other than the
//	    warm-up's fails the run.
//
// Clients keep their connections alive (one per client); a server that
// closes them after each reply (btcd does) costs a new connection per
// request, which conns counts.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: getblock submit|compare|load|tip|freeport [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	url := fs.String("url", "", "JSON-RPC URL (http://127.0.0.1:PORT/)")
	url2 := fs.String("url2", "", "second node's URL (compare)")
	user := fs.String("user", "bench", "RPC user")
	pass := fs.String("pass", "bench", "RPC password")
	from := fs.Int("from", 0, "first height")
	to := fs.Int("to", 0, "last height")
	clients := fs.Int("clients", 16, "concurrent clients (load)")
	duration := fs.Duration("duration", 6*time.Second, "load duration")
	_ = fs.Parse(os.Args[2:])
	c := newClient(*url, *user, *pass, *clients)
	var err error
	switch os.Args[1] {
	case "submit":
		if fs.NArg() != 1 {
			err = errors.New("submit needs one blk file")
			break
		}
		err = submit(c, fs.Arg(0))
	case "compare":
		err = compare(c, newClient(*url2, *user, *pass, 1), *from, *to)
	case "load":
		err = load(c, *from, *to, *clients, *duration)
	case "freeport":
		err = freePort()
	case "tip":
		var height int
		var hash string
		if height, hash, err = c.tip(); err == nil {
			fmt.Printf("height=%d hash=%s\n", height, hash)
		}
	default:
		err = fmt.Errorf("unknown subcommand %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "getblock:", err)
		os.Exit(1)
	}
}

// client is a JSON-RPC client over one keep-alive HTTP transport.
type client struct {
	url, user, pass string
	http            *http.Client
	dials           atomic.Int64
}

func newClient(url, user, pass string, conns int) *client {
	c := &client{url: url, user: user, pass: pass}
	d := &net.Dialer{Timeout: 5 * time.Second}
	c.http = &http.Client{
		Timeout: 60 * time.Second,
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				c.dials.Add(1)
				return d.DialContext(ctx, network, addr)
			},
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			MaxConnsPerHost:     conns,
			DisableCompression:  true,
		},
	}
	return c
}

func (c *client) request(body []byte) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(c.user, c.pass)
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

// call runs method with params and decodes the result into out (when not
// nil).
func (c *client) call(method string, out any, params ...any) error {
	if params == nil {
		params = []any{}
	}
	body, err := json.Marshal(map[string]any{"jsonrpc": "1.0", "id": 1, "method": method, "params": params})
	if err != nil {
		return err
	}
	req, err := c.request(body)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var r struct {
		Result json.RawMessage `json:"result"`
		Error  *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return fmt.Errorf("%s: HTTP %d: %.200s", method, resp.StatusCode, data)
	}
	if r.Error != nil {
		return fmt.Errorf("%s: error %d: %s", method, r.Error.Code, r.Error.Message)
	}
	if out != nil {
		return json.Unmarshal(r.Result, out)
	}
	return nil
}

func (c *client) tip() (int, string, error) {
	var height int
	var hash string
	if err := c.call("getblockcount", &height); err != nil {
		return 0, "", err
	}
	if err := c.call("getbestblockhash", &hash); err != nil {
		return 0, "", err
	}
	return height, hash, nil
}

func (c *client) hashes(from, to int) ([]string, error) {
	if from < 0 || to < from {
		return nil, fmt.Errorf("bad height range [%d, %d]", from, to)
	}
	out := make([]string, 0, to-from+1)
	for h := from; h <= to; h++ {
		var hash string
		if err := c.call("getblockhash", &hash, h); err != nil {
			return nil, err
		}
		out = append(out, hash)
	}
	return out, nil
}

// submit sends every block of a blk file but the first with submitblock.
func submit(c *client, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var hdr [8]byte
	for n := 0; ; n++ {
		if _, err := io.ReadFull(r, hdr[:]); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("record %d: %w", n, err)
		}
		size := binary.LittleEndian.Uint32(hdr[4:])
		if size > 32<<20 {
			return fmt.Errorf("record %d: size %d", n, size)
		}
		block := make([]byte, size)
		if _, err := io.ReadFull(r, block); err != nil {
			return fmt.Errorf("record %d: %w", n, err)
		}
		if n == 0 {
			continue // genesis
		}
		var res any
		if err := c.call("submitblock", &res, hex.EncodeToString(block)); err != nil {
			return fmt.Errorf("block %d: %w", n, err)
		}
		if res != nil {
			return fmt.Errorf("block %d: submitblock answered %v", n, res)
		}
	}
	height, hash, err := c.tip()
	if err != nil {
		return err
	}
	fmt.Printf("height=%d hash=%s\n", height, hash)
	return nil
}

// txFields are the per-transaction fields both nodes must agree on.
var txFields = []string{"txid", "hash", "version", "size", "vsize", "weight", "locktime", "vin", "vout", "hex"}

// blockFields are the block fields both nodes must agree on.
var blockFields = []string{"hash", "confirmations", "size", "strippedsize", "weight", "height", "version",
	"merkleroot", "time", "nonce", "bits", "previousblockhash"}

// compare checks that two nodes agree on the tip and on the verbosity-2
// answers of heights [from, to].
func compare(a, b *client, from, to int) error {
	ha, ta, err := a.tip()
	if err != nil {
		return err
	}
	hb, tb, err := b.tip()
	if err != nil {
		return err
	}
	if ha != hb || ta != tb {
		return fmt.Errorf("tips differ: %d %s and %d %s", ha, ta, hb, tb)
	}
	hashes, err := a.hashes(from, to)
	if err != nil {
		return err
	}
	onlyA, onlyB := map[string]bool{}, map[string]bool{}
	txs := 0
	for _, hash := range hashes {
		var ba, bb map[string]any
		if err := a.call("getblock", &ba, hash, 2); err != nil {
			return err
		}
		if err := b.call("getblock", &bb, hash, 2); err != nil {
			return err
		}
		if err := sameFields(ba, bb, blockFields, "block "+hash); err != nil {
			return err
		}
		keyDiff(ba, bb, "", onlyA, onlyB)
		xa, xb := txList(ba), txList(bb)
		if len(xa) != len(xb) || len(xa) == 0 {
			return fmt.Errorf("block %s: %d and %d transactions", hash, len(xa), len(xb))
		}
		for i := range xa {
			ta, _ := xa[i].(map[string]any)
			tb, _ := xb[i].(map[string]any)
			if err := sameFields(ta, tb, txFields, fmt.Sprintf("block %s tx %d", hash, i)); err != nil {
				return err
			}
			keyDiff(ta, tb, "tx.", onlyA, onlyB)
		}
		txs += len(xa)
	}
	fmt.Printf("same tip height=%d hash=%s; %d blocks, %d transactions with the same fields (%s; tx: %s)\n",
		ha, ta, len(hashes), txs, strings.Join(blockFields, ","), strings.Join(txFields, ","))
	fmt.Printf("fields only in the first: %s\n", keys(onlyA))
	fmt.Printf("fields only in the second: %s\n", keys(onlyB))
	return nil
}

// txList returns a verbosity-2 answer's transactions: "tx" in Core's
// dialect, "rawtx" in btcd's.
func txList(b map[string]any) []any {
	if x, ok := b["tx"].([]any); ok {
		return x
	}
	x, _ := b["rawtx"].([]any)
	return x
}

func sameFields(a, b map[string]any, fields []string, what string) error {
	for _, f := range fields {
		va, okA := a[f]
		vb, okB := b[f]
		if okA != okB || !reflect.DeepEqual(normalize(va), normalize(vb)) {
			return fmt.Errorf("%s: field %s differs: %.300v and %.300v", what, f, va, vb)
		}
	}
	return nil
}

// normalize drops the fields of vin/vout entries that only one of the
// dialects reports, so the shared ones compare equal.
func normalize(v any) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	out := make([]any, len(list))
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			out[i] = e
			continue
		}
		n := map[string]any{}
		for _, k := range []string{"txid", "vout", "coinbase", "sequence", "txinwitness", "value", "n"} {
			if x, ok := m[k]; ok {
				n[k] = x
			}
		}
		if x, ok := m["witness"]; ok { // btcd's name for a coinbase's witness
			n["txinwitness"] = x
		}
		for _, k := range []string{"scriptSig", "scriptPubKey"} {
			if s, ok := m[k].(map[string]any); ok {
				n[k] = s["hex"]
			}
		}
		out[i] = n
	}
	return out
}

func keyDiff(a, b map[string]any, prefix string, onlyA, onlyB map[string]bool) {
	for k := range a {
		if _, ok := b[k]; !ok {
			onlyA[prefix+k] = true
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			onlyB[prefix+k] = true
		}
	}
}

func keys(m map[string]bool) string {
	if len(m) == 0 {
		return "(none)"
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// load runs the concurrent getblock verbosity-2 load.
func load(c *client, from, to, clients int, duration time.Duration) error {
	if clients < 1 {
		return errors.New("clients must be positive")
	}
	hashes, err := c.hashes(from, to)
	if err != nil {
		return err
	}
	bodies := make([][]byte, len(hashes))
	lengths := make([]int64, len(hashes))
	for i, h := range hashes {
		bodies[i] = fmt.Appendf(nil, `{"jsonrpc":"1.0","id":1,"method":"getblock","params":["%s",2]}`, h)
		n, status, err := fetch(c, bodies[i])
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			return fmt.Errorf("warm-up of %s: HTTP %d", h, status)
		}
		lengths[i] = n
	}
	c.dials.Store(0)

	var next, requests, bytesRead atomic.Int64
	var failed atomic.Value
	lat := make([][]time.Duration, clients)
	deadline := time.Now().Add(duration)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range clients {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				i := int(next.Add(1)-1) % len(bodies)
				t0 := time.Now()
				n, status, err := fetch(c, bodies[i])
				if err == nil && status != http.StatusOK {
					err = fmt.Errorf("HTTP %d", status)
				}
				if err == nil && n != lengths[i] {
					err = fmt.Errorf("block %s: %d bytes, warm-up had %d", hashes[i], n, lengths[i])
				}
				if err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
				lat[w] = append(lat[w], time.Since(t0))
				requests.Add(1)
				bytesRead.Add(n)
			}
		})
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	if e := failed.Load(); e != nil {
		return e.(error)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	pct := func(p float64) float64 {
		if len(all) == 0 {
			return 0
		}
		return float64(all[int(p*float64(len(all)-1))]) / 1e6
	}
	n := requests.Load()
	b := bytesRead.Load()
	fmt.Printf("requests=%d bytes=%d seconds=%.2f rps=%.1f mbps=%.1f p50ms=%.1f p99ms=%.1f conns=%d avgbytes=%d\n",
		n, b, secs, float64(n)/secs, float64(b)/secs/1e6, pct(0.5), pct(0.99), c.dials.Load(), b/max(n, 1))
	return nil
}

// freePort prints a port the kernel picks for a loopback listener.
func freePort() error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer l.Close()
	fmt.Println(l.Addr().(*net.TCPAddr).Port)
	return nil
}

// fetch posts body and reads the whole answer, returning its length.
func fetch(c *client, body []byte) (int64, int, error) {
	req, err := c.request(body)
	if err != nil {
		return 0, 0, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, 0, err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return n, resp.StatusCode, err
}
