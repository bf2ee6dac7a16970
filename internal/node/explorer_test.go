package node

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// explorerGet fetches url and decodes its JSON into out, failing on a
// status other than 200.
func explorerGet(t *testing.T, url string, out any) {
	t.Helper()
	cl := &http.Client{Timeout: 30 * time.Second}
	resp, err := cl.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// utxoBalances sums the chain's UTXO set by address (scantxoutset-like):
// every output of the active chain still unspent, looked up in the UTXO
// set.
func utxoBalances(t *testing.T, n *Node) map[string]int64 {
	t.Helper()
	c := n.Chain()
	out := map[string]int64{}
	for h := int32(1); h <= c.BestHeight(); h++ {
		blk, err := c.BlockByHeight(h)
		if err != nil {
			t.Fatal(err)
		}
		for i, tx := range blk.Txs {
			txid := blk.TxHashes()[i]
			for k, o := range tx.Outputs {
				a, err := address.FromScriptPubKey(o.ScriptPubKey, n.Params())
				if err != nil {
					continue
				}
				coin, ok, err := c.LookupCoin(primitives.OutPoint{Hash: txid, Index: uint32(k)})
				if err != nil {
					t.Fatal(err)
				}
				out[a.String()] += 0
				if ok {
					out[a.String()] += coin.Out.Value
				}
			}
		}
	}
	return out
}

// checkBTCBalances compares the explorer's confirmed address stats with the
// UTXO set, and its unspent outputs with the UTXO set plus the mempool's
// changes, for every address the chain touched.
func checkBTCBalances(t *testing.T, n *Node, base string) int {
	t.Helper()
	ix := n.BTCAddrIndex()
	waitFor(t, 30*time.Second, "address index", func() bool { return ix.Synced() && ix.BestHash() == n.Chain().BestHash() })
	want := utxoBalances(t, n)
	for addr, bal := range want {
		type sums struct {
			Funded int64 `json:"funded_txo_sum"`
			Spent  int64 `json:"spent_txo_sum"`
		}
		var st struct {
			ChainStats   sums `json:"chain_stats"`
			MempoolStats sums `json:"mempool_stats"`
		}
		explorerGet(t, base+"/api/address/"+addr, &st)
		if got := st.ChainStats.Funded - st.ChainStats.Spent; got != bal {
			t.Fatalf("%s: explorer balance %d, UTXO set %d", addr, got, bal)
		}
		var utxos []struct {
			Value int64 `json:"value"`
		}
		explorerGet(t, base+"/api/address/"+addr+"/utxo", &utxos)
		var sum int64
		for _, u := range utxos {
			sum += u.Value
		}
		// The unspent outputs include the mempool's changes (Esplora's).
		if mbal := bal + st.MempoolStats.Funded - st.MempoolStats.Spent; sum != mbal {
			t.Fatalf("%s: explorer unspent sum %d, UTXO set with the mempool %d", addr, sum, mbal)
		}
	}
	return len(want)
}

// TestExplorerAddressIndexNode starts a node with both chains, the
// address indexes and the explorer, mines on both chains and checks the
// explorer's balances against the chains' own (the UTXO set, eth_getBalance),
// before and after a reorganisation of the UTXO chain.
func TestExplorerAddressIndexNode(t *testing.T) {
	gc := genChain(t)
	cfg := loadConfig(t, t.TempDir(), "-disablewallet")
	cfg.Explorer, cfg.ExplorerDefault, cfg.AddressIndex = "127.0.0.1:0", false, true
	n, _ := startNode(t, cfg)
	if n.ExplorerAddr() == nil || n.BTCAddrIndex() == nil || n.ETHAddrIndex() == nil {
		t.Fatal("explorer or address indexes not started")
	}
	base := "http://" + n.ExplorerAddr().String()
	submit(t, n, gc.Blocks)
	t.Logf("btc: %d addresses match the UTXO set", checkBTCBalances(t, n, base))

	// Outspends of a spent output name the spending input.
	spender := gc.Blocks[len(gc.Blocks)-3].Txs[1]
	prev := spender.Inputs[0].PrevOut
	var outspends []struct {
		Spent bool   `json:"spent"`
		Txid  string `json:"txid"`
	}
	explorerGet(t, base+"/api/tx/"+prev.Hash.String()+"/outspends", &outspends)
	if int(prev.Index) >= len(outspends) || !outspends[prev.Index].Spent || outspends[prev.Index].Txid != spender.TxHash().String() {
		t.Fatalf("outspends of %s: %+v", prev, outspends)
	}

	// Reorganisations: invalidate the tip, then the generator's branch.
	if err := n.Chain().InvalidateBlock(n.Chain().BestHash()); err != nil {
		t.Fatal(err)
	}
	t.Logf("btc after invalidateblock: %d addresses match", checkBTCBalances(t, n, base))
	submit(t, n, gc.Fork)
	t.Logf("btc after a reorg to the branch: %d addresses match", checkBTCBalances(t, n, base))

	// Account chain: transfers and a token contract, automined.
	url := ethURL(t, n)
	dev, err := ethchain.DevAccounts(1)
	if err != nil {
		t.Fatal(err)
	}
	key := secp256k1.PrivKeyFromBytes(dev[0].PrivateKey[:])
	recipient := ethtypes.Address{0xab, 0xcd}
	tokenInit := []byte{0x60, 42, 0x60, 0, 0x52, 0x73}
	tokenInit = append(tokenInit, recipient[:]...)
	topic := ethtypes.Keccak256Hash([]byte("Transfer(address,address,uint256)"))
	tokenInit = append(append(append(tokenInit, 0x33, 0x7f), topic[:]...), 0x60, 32, 0x60, 0, 0xa3, 0x00)
	targets := []*ethtypes.Address{{0x12, 0x34}, {0x56, 0x78}, nil}
	var hashes []string
	for i, to := range targets {
		gas, data := uint64(21000), []byte(nil)
		if to == nil {
			gas, data = 200_000, tokenInit
		}
		tx, err := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.DynamicFeeTx{
			ChainID: *uint256.NewInt(ethchain.DevChainID), Nonce: uint64(i), GasTipCap: *uint256.NewInt(1e9),
			GasFeeCap: *uint256.NewInt(10e9), Gas: gas, To: to, Value: *uint256.NewInt(uint64(i+1) * 1e17), Data: data,
		}), ethtypes.LatestSigner(ethchain.DevChainID), key)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := tx.MarshalBinary()
		hashes = append(hashes, jsonString(t, ethCall(t, url, "eth_sendRawTransaction", "0x"+hex.EncodeToString(raw))))
	}
	eix := n.ETHAddrIndex()
	waitFor(t, 30*time.Second, "account-chain address index", func() bool {
		h, _, ok := eix.Best()
		return ok && eix.Synced() && h == n.ETHChain().CurrentBlock().Hash()
	})
	for _, a := range []ethtypes.Address{dev[0].Address, *targets[0], *targets[1], recipient} {
		var acct struct {
			Balance string `json:"balance"`
		}
		explorerGet(t, base+"/api/eth/address/"+a.Hex(), &acct)
		want, err := uint256.FromHex(jsonString(t, ethCall(t, url, "eth_getBalance", a.Hex(), "latest")))
		if err != nil {
			t.Fatal(err)
		}
		if acct.Balance != want.Dec() {
			t.Fatalf("%s: explorer balance %s, eth_getBalance %s", a.Hex(), acct.Balance, want.Dec())
		}
	}
	var txs []struct {
		Hash string `json:"hash"`
	}
	explorerGet(t, base+"/api/eth/address/"+dev[0].Address.Hex()+"/txs", &txs)
	if len(txs) != 3 || txs[0].Hash != hashes[2] || txs[2].Hash != hashes[0] {
		t.Fatalf("sender's transactions %+v, want %v newest first", txs, hashes)
	}
	// The pages behind the JSON answer too.
	anyAddr := ""
	for a := range utxoBalances(t, n) {
		anyAddr = a
		break
	}
	for _, path := range []string{"/", "/btc/address/" + anyAddr, "/eth/address/" + dev[0].Address.Hex(),
		"/btc/tx/" + spender.TxHash().String(), "/eth/tx/" + hashes[2], "/btc/mempool"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", path, resp.Status)
		}
	}
	trs, err := eix.Transfers(recipient, 0, 0)
	if err != nil || len(trs) != 1 || trs[0].From != dev[0].Address || trs[0].Value.Uint64() != 42 {
		t.Fatalf("token transfers of the recipient: %+v, %v", trs, err)
	}
}

// TestExplorerBusyPort: a busy default explorer address is a warning (the
// node starts without the explorer), a busy explicit one a startup error.
func TestExplorerBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cfg := loadConfig(t, t.TempDir(), "-disablewallet", "-eth=0")
	cfg.Explorer, cfg.ExplorerDefault = ln.Addr().String(), true
	n, _ := startNode(t, cfg)
	if n.ExplorerAddr() != nil {
		t.Fatal("explorer started on a busy address")
	}
	n.Stop()

	cfg = loadConfig(t, t.TempDir(), "-disablewallet", "-eth=0")
	cfg.Explorer, cfg.ExplorerDefault = ln.Addr().String(), false
	n2, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := n2.Start(context.Background()); err == nil || !strings.Contains(err.Error(), "explorer") {
		n2.Stop()
		t.Fatalf("Start on a busy explicit address: %v", err)
	}
}
