package netns

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/e2e/e2eutil"
)

// bins are twinchaind and twinchain-cli, built once for the package.
var bins struct {
	daemon, cli string
	err         error
}

func TestMain(m *testing.M) {
	e2eutil.Main(m, "twinchain-e2e-netns-", func(_ string, b []string, err error) {
		bins.err = err
		if err == nil {
			bins.daemon, bins.cli = b[0], b[1]
		}
	}, "./cmd/twinchaind", "./cmd/twinchain-cli")
}

// ipCmd runs `ip args...`.
func ipCmd(args ...string) error {
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

// netnsAvailable checks that this process may create network namespaces
// and veth pairs (root with iproute2), by making and removing one of each.
func netnsAvailable() error {
	if os.Geteuid() != 0 {
		return errors.New("network namespaces need root")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		return fmt.Errorf("iproute2's ip: %v", err)
	}
	name := fmt.Sprintf("tcprobe%d", os.Getpid())
	if err := ipCmd("netns", "add", name); err != nil {
		return err
	}
	defer ipCmd("netns", "del", name)
	if err := ipCmd("link", "add", name+"a", "type", "veth", "peer", "name", name+"b"); err != nil {
		return err
	}
	return ipCmd("link", "del", name+"a")
}

// host is one network namespace with a twinchaind in it.
type host struct {
	t       *testing.T
	ns      string
	dir     string
	cmd     *exec.Cmd
	out     *os.File
	exited  chan struct{}
	waitErr error
}

// newHost creates the namespace (loopback up) and removes it at the end.
func newHost(t *testing.T, name string) *host {
	t.Helper()
	h := &host{t: t, ns: fmt.Sprintf("tc%d%s", os.Getpid()%100000, name), dir: t.TempDir()}
	if err := ipCmd("netns", "add", h.ns); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ipCmd("netns", "del", h.ns); err != nil {
			t.Errorf("removing %s: %v", h.ns, err)
		}
	})
	if err := ipCmd("-n", h.ns, "link", "set", "lo", "up"); err != nil {
		t.Fatal(err)
	}
	return h
}

// link joins hosts a and b with a veth pair on subnet 10.77.<n>.0/24: a
// gets .1, b gets .2. It returns the two addresses.
func link(t *testing.T, a, b *host, n int) (string, string) {
	t.Helper()
	ea, eb := fmt.Sprintf("%s-%d", a.ns, n), fmt.Sprintf("%s-%d", b.ns, n)
	if len(ea) > 15 || len(eb) > 15 {
		t.Fatalf("interface names %q %q are too long", ea, eb)
	}
	ipa, ipb := fmt.Sprintf("10.77.%d.1", n), fmt.Sprintf("10.77.%d.2", n)
	for _, args := range [][]string{
		{"link", "add", ea, "netns", a.ns, "type", "veth", "peer", "name", eb, "netns", b.ns},
		{"-n", a.ns, "addr", "add", ipa + "/24", "dev", ea},
		{"-n", b.ns, "addr", "add", ipb + "/24", "dev", eb},
		{"-n", a.ns, "link", "set", ea, "up"},
		{"-n", b.ns, "link", "set", eb, "up"},
	} {
		if err := ipCmd(args...); err != nil {
			t.Fatal(err)
		}
	}
	return ipa, ipb
}

// start runs twinchaind in the namespace (UTXO chain only, regtest) with
// extra arguments, and waits until its RPC answers inside the namespace.
func (h *host) start(extra ...string) {
	t := h.t
	t.Helper()
	var err error
	if h.out, err = os.Create(filepath.Join(h.dir, "console.out")); err != nil {
		t.Fatal(err)
	}
	args := append([]string{"netns", "exec", h.ns, bins.daemon, "-regtest", "-datadir=" + h.dir, "-eth=0",
		"-noexplorer", "-nometrics", "-fallbackfee=0.0002"}, extra...)
	h.cmd = exec.Command("ip", args...)
	h.cmd.Stdout, h.cmd.Stderr = h.out, h.out
	if err := h.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h.exited = make(chan struct{})
	go func() {
		h.waitErr = h.cmd.Wait()
		close(h.exited)
	}()
	t.Cleanup(h.stop)
	if _, err := h.cliErr("-rpcwait", "-rpcwaittimeout=60", "getblockcount"); err != nil {
		t.Fatalf("%s did not start: %v\n%s", h.ns, err, h.logs())
	}
}

// stop stops the daemon over RPC and waits for it (a kill after 30 s).
func (h *host) stop() {
	select {
	case <-h.exited:
	default:
		_, _ = h.cliErr("stop")
		select {
		case <-h.exited:
		case <-time.After(30 * time.Second):
			_ = h.cmd.Process.Kill()
			<-h.exited
			h.t.Errorf("%s did not stop within 30 s\n%s", h.ns, h.logs())
		}
	}
	h.out.Close()
	if h.waitErr != nil {
		h.t.Errorf("%s did not exit cleanly: %v\n%s", h.ns, h.waitErr, h.logs())
	}
}

// cliErr runs twinchain-cli inside the namespace.
func (h *host) cliErr(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	all := append([]string{"netns", "exec", h.ns, bins.cli, "-regtest", "-datadir=" + h.dir}, args...)
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, "ip", all...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("twinchain-cli %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return strings.TrimSpace(out.String()), nil
}

// cli runs twinchain-cli inside the namespace and fails the test on error.
func (h *host) cli(args ...string) string {
	h.t.Helper()
	out, err := h.cliErr(args...)
	if err != nil {
		h.t.Fatalf("%s: %v\n%s", h.ns, err, h.logs())
	}
	return out
}

// cliJSON runs twinchain-cli and decodes its JSON answer into v.
func (h *host) cliJSON(v any, args ...string) {
	h.t.Helper()
	if err := json.Unmarshal([]byte(h.cli(args...)), v); err != nil {
		h.t.Fatalf("%s: decoding %s: %v", h.ns, strings.Join(args, " "), err)
	}
}

func (h *host) logs() string {
	var b strings.Builder
	for _, f := range []string{filepath.Join(h.dir, "console.out"), filepath.Join(h.dir, "btc", "regtest", "debug.log")} {
		if data, err := os.ReadFile(f); err == nil {
			fmt.Fprintf(&b, "--- %s\n%s\n", f, e2eutil.LastLines(string(data), 30))
		}
	}
	return b.String()
}

// waitFor polls cond every 200 ms until it holds or the timeout ends.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, state := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not reached within %v (%s)", what, timeout, state)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestSyncAcrossHosts puts three nodes on three hosts (network
// namespaces) joined by veth pairs in a line, A - B - C, with no route
// between A and C: A mines, B syncs from A, C syncs from B; a transaction
// made on A reaches C's mempool through B and a block mined on C reaches A.
func TestSyncAcrossHosts(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e tests are skipped in -short mode")
	}
	if bins.err != nil {
		t.Fatal(bins.err)
	}
	if err := netnsAvailable(); err != nil {
		e2eutil.NeedTool(t, "network namespaces (root, iproute2)", err)
	}
	a, b, c := newHost(t, "a"), newHost(t, "b"), newHost(t, "c")
	ipA, ipBA := link(t, a, b, 1)
	ipBC, ipC := link(t, b, c, 2)
	// C has no route to A: the hosts see only their neighbours.
	if out, err := exec.Command("ip", "-n", c.ns, "route", "get", ipA).CombinedOutput(); err == nil {
		t.Fatalf("host C has a route to host A (%s); the hosts must only see their neighbours", strings.TrimSpace(string(out)))
	}
	if err := ipCmd("-n", c.ns, "route", "get", ipBC); err != nil {
		t.Fatalf("host C has no route to its neighbour B: %v", err)
	}

	a.start("-bind="+ipA, "-listen=1")
	const blocks = 300
	addrA := a.cli("getnewaddress")
	a.cli("generatetoaddress", strconv.Itoa(blocks), addrA)
	tipA := a.cli("getbestblockhash")

	b.start("-bind="+ipBA, "-bind="+ipBC, "-listen=1", "-connect="+ipA+":18444")
	c.start("-listen=1", "-bind="+ipC, "-connect="+ipBC+":18444")
	for _, h := range []*host{b, c} {
		h := h
		waitFor(t, h.ns+" syncs A's chain", 120*time.Second, func() (bool, string) {
			tip := h.cli("getbestblockhash")
			return tip == tipA, "tip " + tip + " want " + tipA
		})
	}
	// The peers really are the other hosts' addresses.
	var peers []struct {
		Addr    string `json:"addr"`
		Inbound bool   `json:"inbound"`
	}
	c.cliJSON(&peers, "getpeerinfo")
	if len(peers) != 1 || peers[0].Addr != ipBC+":18444" || peers[0].Inbound {
		t.Fatalf("C's peers = %+v, want one outbound to %s:18444", peers, ipBC)
	}
	b.cliJSON(&peers, "getpeerinfo")
	var sawA, sawC bool
	for _, p := range peers {
		sawA = sawA || strings.HasPrefix(p.Addr, ipA+":") && !p.Inbound
		sawC = sawC || strings.HasPrefix(p.Addr, ipC+":") && p.Inbound
	}
	if !sawA || !sawC {
		t.Fatalf("B's peers = %+v, want outbound to %s and inbound from %s", peers, ipA, ipC)
	}

	// A transaction from A's wallet reaches C's mempool across two links.
	addrC := c.cli("getnewaddress")
	txid := a.cli("sendtoaddress", addrC, "1.25")
	waitFor(t, "the transaction reaches C's mempool", 90*time.Second, func() (bool, string) {
		var pool []string
		c.cliJSON(&pool, "getrawmempool")
		for _, id := range pool {
			if id == txid {
				return true, ""
			}
		}
		return false, fmt.Sprintf("C's mempool %v", pool)
	})
	// A block mined on C (confirming it) reaches A.
	var mined []string
	c.cliJSON(&mined, "generatetoaddress", "1", addrC)
	waitFor(t, "C's block reaches A", 60*time.Second, func() (bool, string) {
		tip := a.cli("getbestblockhash")
		return tip == mined[0], "A's tip " + tip
	})
	var txInfo struct {
		Confirmations int    `json:"confirmations"`
		BlockHash     string `json:"blockhash"`
	}
	a.cliJSON(&txInfo, "gettransaction", txid)
	if txInfo.Confirmations != 1 || txInfo.BlockHash != mined[0] {
		t.Fatalf("A's wallet sees %+v, want 1 confirmation in %s", txInfo, mined[0])
	}
	var heights [3]int
	for i, h := range []*host{a, b, c} {
		heights[i], _ = strconv.Atoi(h.cli("getblockcount"))
	}
	if heights != [3]int{blocks + 1, blocks + 1, blocks + 1} {
		t.Fatalf("heights %v, want %d everywhere", heights, blocks+1)
	}
	t.Logf("3 hosts in a line over veth: %d blocks synced A->B->C, tx %s relayed A->C, block relayed C->A", blocks, txid)
}
