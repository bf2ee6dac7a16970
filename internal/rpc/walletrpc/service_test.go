package walletrpc

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// fakeChain is a regtest chain without validation: the wallet verifies its
// own signatures with the script engine when it signs.
type fakeChain struct {
	mu      sync.Mutex
	params  *chaincfg.Params
	blocks  []*primitives.Block
	hashes  []chainhash.Hash
	mempool []*primitives.Tx
	mgr     *wallet.Manager
}

func (c *fakeChain) BestHash() chainhash.Hash {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hashes[len(c.hashes)-1]
}

func (c *fakeChain) BestHeight() int32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return int32(len(c.blocks) - 1)
}

func (c *fakeChain) BlockByHeight(h int32) (*primitives.Block, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h < 0 || int(h) >= len(c.blocks) {
		return nil, errors.New("no block")
	}
	return c.blocks[h], nil
}

func (c *fakeChain) BlockHashByHeight(h int32) (chainhash.Hash, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h < 0 || int(h) >= len(c.hashes) {
		return chainhash.Hash{}, errors.New("no block")
	}
	return c.hashes[h], nil
}

func (c *fakeChain) BroadcastTransaction(tx *primitives.Tx) error {
	c.mu.Lock()
	for _, p := range c.mempool {
		if p.TxHash() == tx.TxHash() {
			c.mu.Unlock()
			return errors.New("txn-already-in-mempool")
		}
	}
	c.mempool = append(c.mempool, tx)
	c.mu.Unlock()
	c.mgr.TxAccepted(tx)
	return nil
}

func (c *fakeChain) mine(spk []byte, n int) {
	for i := 0; i < n; i++ {
		c.mu.Lock()
		height := int32(len(c.blocks))
		var hs [4]byte
		binary.LittleEndian.PutUint32(hs[:], uint32(height))
		cb := &primitives.Tx{Version: 2,
			Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0xffffffff}, ScriptSig: hs[:], Sequence: 0xffffffff}},
			Outputs: []primitives.TxOut{{Value: 50e8, ScriptPubKey: spk}}}
		blk := &primitives.Block{Txs: append([]*primitives.Tx{cb}, c.mempool...)}
		c.mempool = nil
		blk.Header.PrevBlock = c.hashes[len(c.hashes)-1]
		blk.Header.Timestamp = 1_600_000_000 + uint32(height)*600
		blk.Header.MerkleRoot, _ = blk.MerkleRoot()
		c.blocks = append(c.blocks, blk)
		c.hashes = append(c.hashes, blk.BlockHash())
		c.mu.Unlock()
		c.mgr.BlockConnected(blk, height)
	}
}

type rpcTest struct {
	t     *testing.T
	chain *fakeChain
	srv   *jsonrpc.Server
	dir   string // the wallets directory
}

func newRPCTest(t *testing.T) *rpcTest { return newRPCTestCfg(t, nil) }

// newRPCTestCfg is newRPCTest with a hook to adjust the manager's
// configuration.
func newRPCTestCfg(t *testing.T, adjust func(*wallet.ManagerConfig)) *rpcTest {
	p := chaincfg.RegTest()
	c := &fakeChain{params: p, blocks: []*primitives.Block{p.GenesisBlock}, hashes: []chainhash.Hash{p.GenesisHash}}
	cfg := wallet.ManagerConfig{Params: p, Dir: t.TempDir(), Chain: c, Broadcaster: c, Keypool: 10, ScryptN: 1 << 10}
	if adjust != nil {
		adjust(&cfg)
	}
	m, err := wallet.NewManager(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	c.mgr = m
	svc, err := New(Config{Manager: m})
	if err != nil {
		t.Fatal(err)
	}
	srv := jsonrpc.NewServer(jsonrpc.ServerConfig{Auth: jsonrpc.Auth{Disabled: true}})
	if err := svc.Register(srv); err != nil {
		t.Fatal(err)
	}
	return &rpcTest{t: t, chain: c, srv: srv, dir: cfg.Dir}
}

type rpcReply struct {
	Result json.RawMessage `json:"result"`
	Error  *jsonrpc.Error  `json:"error"`
}

// call runs method on the wallet endpoint path ("" for "/").
func (r *rpcTest) call(wallet, method string, params ...any) rpcReply {
	r.t.Helper()
	if params == nil {
		params = []any{}
	}
	return r.send(wallet, method, params)
}

// callNamed runs method with named parameters.
func (r *rpcTest) callNamed(wallet, method string, params map[string]any) rpcReply {
	r.t.Helper()
	return r.send(wallet, method, params)
}

func (r *rpcTest) send(wallet, method string, params any) rpcReply {
	r.t.Helper()
	body, _ := json.Marshal(map[string]any{"id": 1, "method": method, "params": params})
	path := "/"
	if wallet != "" {
		path = "/wallet/" + wallet
	}
	req := httptest.NewRequest("POST", path, bytes.NewReader(body))
	req.RemoteAddr = "127.0.0.1:5555"
	rec := httptest.NewRecorder()
	r.srv.ServeHTTP(rec, req)
	var rep rpcReply
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		r.t.Fatalf("%s: bad reply %q", method, rec.Body.String())
	}
	return rep
}

// ok calls and fails the test on an error; it decodes the result into v.
func (r *rpcTest) ok(wallet, method string, v any, params ...any) {
	r.t.Helper()
	rep := r.call(wallet, method, params...)
	if rep.Error != nil {
		r.t.Fatalf("%s %v: error %d %s", method, params, rep.Error.Code, rep.Error.Message)
	}
	if v != nil {
		if err := json.Unmarshal(rep.Result, v); err != nil {
			r.t.Fatalf("%s: decode %s: %v", method, rep.Result, err)
		}
	}
}

func (r *rpcTest) fails(wallet, method string, code int, msgPart string, params ...any) {
	r.t.Helper()
	rep := r.call(wallet, method, params...)
	if rep.Error == nil {
		r.t.Fatalf("%s %v: succeeded with %s, want error %d", method, params, rep.Result, code)
	}
	if rep.Error.Code != code || !strings.Contains(rep.Error.Message, msgPart) {
		r.t.Fatalf("%s: error %d %q, want %d containing %q", method, rep.Error.Code, rep.Error.Message, code, msgPart)
	}
}

func (r *rpcTest) spk(addr string) []byte {
	a, err := address.Decode(addr, r.chain.params)
	if err != nil {
		r.t.Fatal(err)
	}
	return a.ScriptPubKey()
}

func TestWalletRouting(t *testing.T) {
	r := newRPCTest(t)
	var names []string
	r.ok("", "listwallets", &names)
	if len(names) != 0 {
		t.Fatalf("listwallets %v", names)
	}
	r.fails("", "getwalletinfo", -18, "No wallet is loaded")
	r.ok("", "createwallet", nil, "a")
	r.ok("", "getwalletinfo", nil) // the only wallet
	r.ok("", "createwallet", nil, "b")
	r.fails("", "getnewaddress", -19, "Wallet file not specified (must request wallet RPC through /wallet/<filename> uri-path).")
	r.fails("nope", "getnewaddress", -18, "Requested wallet does not exist or is not loaded")
	r.fails("", "createwallet", -4, "Database already exists", "a")
	r.fails("", "loadwallet", -35, "already loaded", "a")
	r.fails("", "loadwallet", -18, "Path does not exist", "missing")
	r.fails("", "createwallet", -4, "descriptor", "legacy", false, false, "", false, false)
	r.ok("", "createwallet", nil, "c", false, false, "", false, true, true)
	r.ok("c", "unloadwallet", nil, "c", false)
	r.ok("", "loadwallet", nil, "c", true)
	if got, _ := r.chain.mgr.StartupWallets(); len(got) != 1 || got[0] != "c" {
		t.Fatalf("startup wallets %v", got)
	}
	r.ok("", "unloadwallet", nil, "c")
	r.ok("a", "unloadwallet", nil)
	r.fails("a", "getwalletinfo", -18, "does not exist or is not loaded")
	r.ok("", "loadwallet", nil, "a")
	var dir struct {
		Wallets []struct{ Name string } `json:"wallets"`
	}
	r.ok("", "listwalletdir", &dir)
	if len(dir.Wallets) != 3 {
		t.Fatalf("listwalletdir %+v", dir)
	}
	r.ok("", "listwallets", &names)
	if len(names) != 2 {
		t.Fatalf("listwallets %v", names)
	}
}

func TestSendFlow(t *testing.T) {
	r := newRPCTest(t)
	r.ok("", "createwallet", nil, "a")
	r.ok("", "createwallet", nil, "b")
	var addrA, addrB string
	r.ok("a", "getnewaddress", &addrA)
	r.ok("b", "getnewaddress", &addrB, "savings", "bech32m")
	if !strings.HasPrefix(addrB, "bcrt1p") {
		t.Fatalf("bech32m address %s", addrB)
	}
	r.fails("a", "getnewaddress", -5, "Unknown address type", "", "foo")
	r.chain.mine(r.spk(addrA), 101)
	var bal float64
	r.ok("a", "getbalance", &bal)
	if bal != 50 {
		t.Fatalf("balance %v", bal)
	}
	var bals struct {
		Mine struct {
			Trusted  float64 `json:"trusted"`
			Immature float64 `json:"immature"`
		} `json:"mine"`
	}
	r.ok("a", "getbalances", &bals)
	if bals.Mine.Trusted != 50 || bals.Mine.Immature != 5000 {
		t.Fatalf("balances %+v", bals)
	}
	var txid string
	r.ok("a", "sendtoaddress", &txid, addrB, 1.5)
	r.fails("a", "sendtoaddress", -6, "Insufficient funds", addrB, 100)
	r.fails("a", "sendtoaddress", -3, "Invalid amount", addrB, 0)
	r.fails("a", "sendtoaddress", -3, "Amount is not a number or string", addrB, true)
	r.fails("a", "sendtoaddress", -3, "Amount out of range", addrB, 1, "", "", false, true, nil, nil, nil, -1)
	r.fails("a", "sendtoaddress", -5, "Invalid address", "xyz", 1)
	var gt struct {
		Amount        float64 `json:"amount"`
		Fee           float64 `json:"fee"`
		Confirmations int     `json:"confirmations"`
		Details       []struct {
			Category string  `json:"category"`
			Amount   float64 `json:"amount"`
		} `json:"details"`
		Hex string `json:"hex"`
	}
	r.ok("a", "gettransaction", &gt, txid)
	if gt.Amount != -1.5 || gt.Fee >= 0 || gt.Confirmations != 0 || len(gt.Details) != 1 || gt.Details[0].Category != "send" {
		t.Fatalf("gettransaction a %+v", gt)
	}
	r.ok("b", "gettransaction", &gt, txid)
	if gt.Amount != 1.5 || len(gt.Details) != 1 || gt.Details[0].Category != "receive" {
		t.Fatalf("gettransaction b %+v", gt)
	}
	r.chain.mine(r.spk(addrA), 1)
	var unspent []struct {
		Amount        float64 `json:"amount"`
		Confirmations int     `json:"confirmations"`
		Label         string  `json:"label"`
		Address       string  `json:"address"`
		Desc          string  `json:"desc"`
	}
	r.ok("b", "listunspent", &unspent)
	if len(unspent) != 1 || unspent[0].Amount != 1.5 || unspent[0].Confirmations != 1 || unspent[0].Label != "savings" || unspent[0].Address != addrB || !strings.HasPrefix(unspent[0].Desc, "tr([") {
		t.Fatalf("listunspent %+v", unspent)
	}
	r.ok("b", "listunspent", &unspent, 2)
	if len(unspent) != 0 {
		t.Fatal("minconf filter")
	}
	var lt []struct {
		Category      string `json:"category"`
		Confirmations int    `json:"confirmations"`
		TxID          string `json:"txid"`
	}
	r.ok("b", "listtransactions", &lt)
	if len(lt) != 1 || lt[0].TxID != txid || lt[0].Confirmations != 1 {
		t.Fatalf("listtransactions %+v", lt)
	}
	r.ok("a", "listtransactions", &lt, "*", 5)
	if len(lt) != 5 {
		t.Fatalf("listtransactions count %d", len(lt))
	}
	var recv float64
	r.ok("b", "getreceivedbyaddress", &recv, addrB)
	if recv != 1.5 {
		t.Fatalf("getreceivedbyaddress %v", recv)
	}
	var lsb struct {
		Transactions []any  `json:"transactions"`
		LastBlock    string `json:"lastblock"`
	}
	r.ok("b", "listsinceblock", &lsb)
	if len(lsb.Transactions) != 1 || lsb.LastBlock != r.chain.BestHash().String() {
		t.Fatalf("listsinceblock %+v", lsb)
	}

	// sendmany with subtractfeefrom, then send.
	var addrB2 string
	r.ok("b", "getnewaddress", &addrB2, "", "legacy")
	r.ok("a", "sendmany", &txid, "", map[string]any{addrB: 0.1, addrB2: "0.2"}, 0, "", []string{addrB2})
	var sendRes struct {
		TxID     string `json:"txid"`
		Complete bool   `json:"complete"`
	}
	r.ok("a", "send", &sendRes, map[string]any{addrB: 0.3}, nil, nil, 3.5)
	if !sendRes.Complete || sendRes.TxID == "" {
		t.Fatalf("send %+v", sendRes)
	}
	r.chain.mine(r.spk(addrA), 1)
	r.ok("b", "getbalance", &bal)
	if bal <= 2.09 || bal >= 2.1 {
		t.Fatalf("b balance %v", bal)
	}

	// PSBT: fund in a, sign, broadcast through sendrawtransaction's
	// equivalent (the chain's mempool).
	var fp struct {
		PSBT      string  `json:"psbt"`
		Fee       float64 `json:"fee"`
		ChangePos int     `json:"changepos"`
	}
	r.ok("a", "walletcreatefundedpsbt", &fp, []any{}, map[string]any{addrB: 0.25})
	if fp.Fee <= 0 || fp.PSBT == "" {
		t.Fatalf("walletcreatefundedpsbt %+v", fp)
	}
	var pp struct {
		PSBT     string `json:"psbt"`
		Complete bool   `json:"complete"`
		Hex      string `json:"hex"`
	}
	r.ok("a", "walletprocesspsbt", &pp, fp.PSBT)
	if !pp.Complete || pp.Hex == "" {
		t.Fatalf("walletprocesspsbt %+v", pp)
	}

	// fundrawtransaction + signrawtransactionwithwallet.
	raw := &primitives.Tx{Version: 2, Outputs: []primitives.TxOut{{Value: 12_345_678, ScriptPubKey: r.spk(addrB)}}}
	var fr struct {
		Hex       string  `json:"hex"`
		Fee       float64 `json:"fee"`
		ChangePos int     `json:"changepos"`
	}
	r.ok("a", "fundrawtransaction", &fr, hexOf(raw))
	if fr.ChangePos < 0 || fr.Fee <= 0 {
		t.Fatalf("fundrawtransaction %+v", fr)
	}
	var sr struct {
		Hex      string `json:"hex"`
		Complete bool   `json:"complete"`
	}
	r.ok("a", "signrawtransactionwithwallet", &sr, fr.Hex)
	if !sr.Complete {
		t.Fatalf("signrawtransactionwithwallet incomplete")
	}
	big := &primitives.Tx{Version: 2, Outputs: []primitives.TxOut{{Value: 1e15, ScriptPubKey: r.spk(addrB)}}}
	r.fails("a", "fundrawtransaction", -4, "Insufficient funds", hexOf(big))
	r.fails("a", "sendtoaddress", -6, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)", addrB, 1, "", "", false, true, nil, nil, nil, 100000)
	r.fails("a", "sendtoaddress", -8, "Cannot specify both conf_target and fee_rate", addrB, 1, "", "", false, true, 6, nil, nil, 10)
	r.ok("b", "signrawtransactionwithwallet", &sr, fr.Hex)
	if sr.Complete {
		t.Fatal("wallet b signed a's inputs")
	}

	// bumpfee.
	r.ok("a", "sendtoaddress", &txid, addrB, 0.5)
	var bf struct {
		TxID    string  `json:"txid"`
		OrigFee float64 `json:"origfee"`
		Fee     float64 `json:"fee"`
	}
	r.ok("a", "bumpfee", &bf, txid, map[string]any{"fee_rate": 25})
	if bf.Fee <= bf.OrigFee || bf.TxID == txid {
		t.Fatalf("bumpfee %+v", bf)
	}
}

func hexOf(tx *primitives.Tx) string {
	const digits = "0123456789abcdef"
	b := tx.Bytes()
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}

func TestEncryptionRPC(t *testing.T) {
	r := newRPCTest(t)
	r.ok("", "createwallet", nil, "a")
	var addr string
	r.ok("a", "getnewaddress", &addr)
	r.chain.mine(r.spk(addr), 101)
	r.fails("a", "walletpassphrase", -15, "unencrypted wallet", "x", 10)
	var msg string
	r.ok("a", "encryptwallet", &msg, "pass")
	r.fails("a", "encryptwallet", -15, "encrypted wallet", "again")
	r.fails("a", "sendtoaddress", -13, "Error: Please enter the wallet passphrase with walletpassphrase first.", addr, 1)
	r.fails("a", "dumpprivkey", -13, "walletpassphrase", addr)
	r.fails("a", "walletpassphrase", -14, "incorrect", "wrong", 10)
	r.ok("a", "walletpassphrase", nil, "pass", 60)
	var info struct {
		UnlockedUntil int64 `json:"unlocked_until"`
	}
	r.ok("a", "getwalletinfo", &info)
	if info.UnlockedUntil == 0 {
		t.Fatal("unlocked_until not set")
	}
	var txid string
	r.ok("a", "sendtoaddress", &txid, addr, 1)
	r.ok("a", "walletlock", nil)
	r.fails("a", "sendtoaddress", -13, "walletpassphrase", addr, 1)
	r.ok("a", "walletpassphrasechange", nil, "pass", "new")
	r.ok("a", "walletpassphrase", nil, "new", 60)
	var wif string
	r.ok("a", "dumpprivkey", &wif, addr)
	if !strings.HasPrefix(wif, "c") {
		t.Fatalf("regtest WIF %s", wif)
	}
}

func TestKeysAndDescriptorsRPC(t *testing.T) {
	r := newRPCTest(t)
	r.ok("", "createwallet", nil, "a")
	r.ok("", "createwallet", nil, "watch", true)
	r.ok("", "createwallet", nil, "blank", false, true)
	var ld struct {
		WalletName  string `json:"wallet_name"`
		Descriptors []struct {
			Desc     string `json:"desc"`
			Active   bool   `json:"active"`
			Internal bool   `json:"internal"`
			Range    []int  `json:"range"`
		} `json:"descriptors"`
	}
	r.ok("a", "listdescriptors", &ld)
	if ld.WalletName != "a" || len(ld.Descriptors) != 8 {
		t.Fatalf("listdescriptors %+v", ld)
	}
	// Sorted by the descriptor string, as Core lists them.
	for i := 1; i < len(ld.Descriptors); i++ {
		if ld.Descriptors[i-1].Desc > ld.Descriptors[i].Desc {
			t.Fatalf("listdescriptors not sorted at %d: %s > %s", i, ld.Descriptors[i-1].Desc, ld.Descriptors[i].Desc)
		}
	}
	// Import a's public descriptors into the watch-only wallet.
	var reqs []map[string]any
	for _, d := range ld.Descriptors {
		reqs = append(reqs, map[string]any{"desc": d.Desc, "active": true, "internal": d.Internal, "timestamp": "now", "range": []int{0, 20}})
	}
	var ir []struct {
		Success bool `json:"success"`
	}
	r.ok("watch", "importdescriptors", &ir, reqs)
	for i, x := range ir {
		if !x.Success {
			t.Fatalf("import %d failed: %+v", i, ir)
		}
	}
	var addr, waddr string
	r.ok("a", "getnewaddress", &addr)
	r.ok("watch", "getnewaddress", &waddr)
	if addr != waddr {
		t.Fatalf("watch-only wallet derives %s, a %s", waddr, addr)
	}
	r.fails("watch", "listdescriptors", -4, "Can't get descriptor string.", true)
	var priv struct {
		Descriptors []struct {
			Desc string `json:"desc"`
		} `json:"descriptors"`
	}
	r.ok("a", "listdescriptors", &priv, true)
	if !strings.Contains(priv.Descriptors[0].Desc, "tprv") {
		t.Fatalf("private descriptor %s", priv.Descriptors[0].Desc)
	}
	// dumpprivkey / importprivkey.
	var wif string
	r.ok("a", "dumpprivkey", &wif, addr)
	r.fails("blank", "getnewaddress", -4, "Error: This wallet has no available keys", "")
	r.ok("blank", "importprivkey", nil, wif, "imported", false)
	var ai struct {
		IsMine  bool     `json:"ismine"`
		Labels  []string `json:"labels"`
		Desc    string   `json:"desc"`
		HDPath  string   `json:"hdkeypath"`
		Witness bool     `json:"iswitness"`
	}
	r.ok("blank", "getaddressinfo", &ai, addr)
	if !ai.IsMine || len(ai.Labels) != 1 || ai.Labels[0] != "imported" {
		t.Fatalf("getaddressinfo after import %+v", ai)
	}
	r.ok("a", "getaddressinfo", &ai, addr)
	if !ai.IsMine || !ai.Witness || ai.HDPath != "m/84h/1h/0h/0/0" || !strings.HasPrefix(ai.Desc, "wpkh([") {
		t.Fatalf("getaddressinfo %+v", ai)
	}
	// signmessage with a legacy address.
	var legacy, sig string
	r.ok("a", "getnewaddress", &legacy, "", "legacy")
	r.ok("a", "signmessage", &sig, legacy, "hello")
	if len(sig) != 88 {
		t.Fatalf("signature %q", sig)
	}
	r.fails("a", "signmessage", -3, "Address does not refer to key", addr, "hello")
	// lockunspent.
	r.chain.mine(r.spk(addr), 101)
	var unspent []struct {
		TxID string `json:"txid"`
		Vout int    `json:"vout"`
	}
	r.ok("a", "listunspent", &unspent)
	if len(unspent) != 1 {
		t.Fatalf("listunspent %d", len(unspent))
	}
	var okb bool
	r.ok("a", "lockunspent", &okb, false, []any{map[string]any{"txid": unspent[0].TxID, "vout": unspent[0].Vout}})
	var locked []any
	r.ok("a", "listlockunspent", &locked)
	if len(locked) != 1 {
		t.Fatal("not locked")
	}
	r.fails("a", "sendtoaddress", -6, "Insufficient funds", addr, 1)
	r.ok("a", "lockunspent", &okb, true)
	r.ok("a", "listlockunspent", &locked)
	if len(locked) != 0 {
		t.Fatal("still locked")
	}
	r.ok("a", "settxfee", &okb, 0.0002)
	var rs struct {
		Start int `json:"start_height"`
		Stop  int `json:"stop_height"`
	}
	r.ok("a", "rescanblockchain", &rs)
	if rs.Stop != 101 {
		t.Fatalf("rescan %+v", rs)
	}
	r.ok("a", "keypoolrefill", nil, 50)
	var lr []struct {
		Address string  `json:"address"`
		Amount  float64 `json:"amount"`
	}
	r.ok("a", "listreceivedbyaddress", &lr, 1, false, false, "", true)
	if len(lr) != 1 || lr[0].Amount != 50*101 {
		t.Fatalf("listreceivedbyaddress %+v", lr)
	}
}

func TestSendPSBTAndNoBroadcast(t *testing.T) {
	r := newRPCTest(t)
	r.ok("", "createwallet", nil, "a")
	var addr, shAddr string
	r.ok("a", "getnewaddress", &addr)
	r.ok("a", "getnewaddress", &shAddr, "", "p2sh-segwit")
	r.chain.mine(r.spk(addr), 101)
	var res struct {
		PSBT     string `json:"psbt"`
		Hex      string `json:"hex"`
		TxID     string `json:"txid"`
		Complete bool   `json:"complete"`
	}
	r.ok("a", "send", &res, map[string]any{shAddr: 1}, nil, nil, nil, map[string]any{"psbt": true})
	if !res.Complete || res.PSBT == "" {
		t.Fatalf("send psbt %+v", res)
	}
	r.ok("a", "send", &res, []any{map[string]any{shAddr: 1}, map[string]any{"data": "cafe"}}, nil, nil, nil, map[string]any{"add_to_wallet": false})
	if !res.Complete || res.Hex == "" || res.TxID == "" {
		t.Fatalf("send no broadcast %+v", res)
	}
	if len(r.chain.mempool) != 0 {
		t.Fatal("add_to_wallet=false broadcast the transaction")
	}
	var ai struct {
		IsScript bool   `json:"isscript"`
		Script   string `json:"script"`
		Embedded struct {
			IsWitness bool `json:"iswitness"`
		} `json:"embedded"`
	}
	r.ok("a", "getaddressinfo", &ai, shAddr)
	if !ai.IsScript || ai.Script != "witness_v0_keyhash" || !ai.Embedded.IsWitness {
		t.Fatalf("p2sh-segwit info %+v", ai)
	}
	// Unsigned processing then signing in a second pass.
	var fp struct {
		PSBT string `json:"psbt"`
	}
	r.ok("a", "walletcreatefundedpsbt", &fp, []any{}, map[string]any{shAddr: 0.5}, 0, map[string]any{"fee_rate": 2})
	var pp struct {
		PSBT     string `json:"psbt"`
		Complete bool   `json:"complete"`
	}
	r.ok("a", "walletprocesspsbt", &pp, fp.PSBT, false)
	if pp.Complete {
		t.Fatal("complete without signing")
	}
	r.ok("a", "walletprocesspsbt", &pp, pp.PSBT, true, "ALL")
	if !pp.Complete {
		t.Fatal("not complete after signing")
	}
	r.fails("a", "walletprocesspsbt", -8, "is not a valid sighash parameter", pp.PSBT, true, "BOGUS")
}
