package wallet

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/crypto"
)

func TestCreateLoadUnload(t *testing.T) {
	n := newTestNode(t)
	w, err := n.mgr.Create("w1", CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	prefixes := map[string]string{TypeLegacy: "m", TypeP2SHSegwit: "2", TypeBech32: "bcrt1q", TypeBech32m: "bcrt1p"}
	addrs := map[string]string{}
	for typ, pre := range prefixes {
		a := mustAddr(t, w, typ)
		s := a.String()
		if typ == TypeLegacy && !(strings.HasPrefix(s, "m") || strings.HasPrefix(s, "n")) || typ != TypeLegacy && !strings.HasPrefix(s, pre) {
			t.Errorf("%s address %s lacks prefix %s", typ, s, pre)
		}
		addrs[typ] = s
		if !w.IsMine(a.ScriptPubKey()) {
			t.Errorf("%s address not mine", typ)
		}
	}
	descs, err := w.ListDescriptors(false)
	if err != nil || len(descs) != 8 {
		t.Fatalf("descriptors: %d %v", len(descs), err)
	}
	for _, d := range descs {
		if !strings.Contains(d.Descriptor, "[") || !strings.Contains(d.Descriptor, "tpub") || !strings.Contains(d.Descriptor, "#") {
			t.Errorf("descriptor without origin/xpub/checksum: %s", d.Descriptor)
		}
		if strings.Contains(d.Descriptor, "tprv") {
			t.Errorf("public listing leaks a private key: %s", d.Descriptor)
		}
	}
	priv, err := w.ListDescriptors(true)
	if err != nil || !strings.Contains(priv[0].Descriptor, "tprv") {
		t.Fatalf("private listing: %v %v", priv, err)
	}
	if _, err := n.mgr.Create("w1", CreateOptions{}); !errors.Is(err, ErrWalletExists) {
		t.Fatalf("duplicate create: %v", err)
	}
	if _, err := n.mgr.Load("w1"); !errors.Is(err, ErrAlreadyLoaded) {
		t.Fatalf("double load: %v", err)
	}
	if _, err := n.mgr.Load("nope"); !errors.Is(err, ErrWalletNotFound) {
		t.Fatalf("missing load: %v", err)
	}
	if err := n.mgr.Unload("w1"); err != nil {
		t.Fatal(err)
	}
	// A caller still holding the unloaded wallet gets errors, not panics.
	if _, err := w.NewAddress(TypeBech32, ""); err == nil {
		t.Fatal("address from an unloaded wallet")
	}
	if err := w.BlockConnected(n.chain.params.GenesisBlock, 0); err != nil {
		t.Fatal(err)
	}
	if err := n.mgr.Unload("w1"); !errors.Is(err, ErrNotLoaded) {
		t.Fatalf("double unload: %v", err)
	}
	w, err = n.mgr.Load("w1")
	if err != nil {
		t.Fatal(err)
	}
	// The next addresses continue after the handed-out ones.
	a := mustAddr(t, w, TypeBech32)
	if a.String() == addrs[TypeBech32] {
		t.Error("address reused after reload")
	}
	names, _ := n.mgr.WalletDir()
	if len(names) != 1 || names[0] != "w1" {
		t.Errorf("walletdir %v", names)
	}
	if _, err := n.mgr.Create("../escape", CreateOptions{}); err == nil {
		t.Error("escaping wallet name accepted")
	}
}

func TestMineSendConfirm(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	b, _ := n.mgr.Create("b", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 101)
	bal := a.Balances()
	if bal.Trusted != btc(50) || bal.Immature != btc(50)*100 {
		t.Fatalf("after 101 blocks: trusted %s immature %s", fmtSat(bal.Trusted), fmtSat(bal.Immature))
	}
	for _, typ := range OutputTypes {
		dest := mustAddr(t, b, typ)
		res, err := a.Send([]Recipient{{Script: dest.ScriptPubKey(), Amount: btc(1)}}, DefaultFundOptions())
		if err != nil {
			t.Fatalf("send to %s: %v", typ, err)
		}
		if res.Fee <= 0 || res.Fee > 10_000 {
			t.Errorf("fee %d", res.Fee)
		}
	}
	if got := b.Balances(); got.UntrustedPending != btc(4) || got.Trusted != 0 {
		t.Fatalf("b pending %+v", got)
	}
	// a's own change is trusted while pending.
	if got := a.Balances(); got.Trusted <= btc(45) || got.Trusted >= btc(46) {
		t.Fatalf("a trusted while pending: %s", fmtSat(got.Trusted))
	}
	n.mine(mine, 1)
	if got := b.Balances(); got.Trusted != btc(4) || got.UntrustedPending != 0 {
		t.Fatalf("b after confirm %+v", got)
	}
	txs := b.Transactions()
	if len(txs) != 4 || txs[0].Confirmations != 1 {
		t.Fatalf("b txs %d conf %d", len(txs), txs[0].Confirmations)
	}
	// b spends from every output type it received (P2PKH, P2SH-P2WPKH,
	// P2WPKH, P2TR inputs), all verified by the script engine.
	back := mustAddr(t, a, TypeBech32m).ScriptPubKey()
	res, err := b.Send([]Recipient{{Script: back, Amount: btc(3.9)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tx.Inputs) != 4 {
		t.Errorf("expected 4 inputs, got %d", len(res.Tx.Inputs))
	}
	n.mine(mine, 6)
	ti, ok := b.Transaction(res.TxID)
	if !ok || ti.Confirmations != 6 || ti.Fee >= 0 {
		t.Fatalf("tx info %+v", ti)
	}
	// Insufficient funds.
	if _, err := b.Send([]Recipient{{Script: back, Amount: btc(1)}}, DefaultFundOptions()); !errors.Is(err, ErrInsufficientFunds) {
		t.Fatalf("want insufficient funds, got %v", err)
	}
	// Subtract fee from amount: sweep b exactly.
	bal = b.Balances()
	res, err = b.Send([]Recipient{{Script: back, Amount: bal.Trusted, SubtractFee: true}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tx.Outputs) != 1 || res.Tx.Outputs[0].Value != bal.Trusted-res.Fee {
		t.Fatalf("sweep outputs %+v fee %d", res.Tx.Outputs, res.Fee)
	}
}

func TestKeypoolLookahead(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	// Derive the 6th external bech32 address without handing it out.
	wd := a.active[activeKey{TypeBech32, false}]
	exp, err := wd.desc.Expand(5)
	if err != nil {
		t.Fatal(err)
	}
	n.mine(exp.ScriptPubKeys[0], 1)
	if a.TxCount() != 1 {
		t.Fatal("payment to a look-ahead address not found")
	}
	if wd.rec.Next != 6 {
		t.Fatalf("next index %d, want 6", wd.rec.Next)
	}
	if wd.rec.End != 6+20 {
		t.Fatalf("pool end %d, want 26", wd.rec.End)
	}
}

func TestEncryption(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 101)
	if err := a.Encrypt("secret"); err != nil {
		t.Fatal(err)
	}
	if !a.IsLocked() {
		t.Fatal("not locked after encryptwallet")
	}
	dest := mustAddr(t, a, TypeBech32).ScriptPubKey() // addresses need no keys
	_, err := a.Send([]Recipient{{Script: dest, Amount: btc(1)}}, DefaultFundOptions())
	if !errors.Is(err, ErrLocked) || err.Error() != "Error: Please enter the wallet passphrase with walletpassphrase first." {
		t.Fatalf("send while locked: %v", err)
	}
	if _, err := a.ListDescriptors(true); !errors.Is(err, ErrLocked) {
		t.Fatalf("private listing while locked: %v", err)
	}
	if err := a.Unlock("wrong", time.Minute); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if err := a.Unlock("secret", time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Send([]Recipient{{Script: dest, Amount: btc(1)}}, DefaultFundOptions()); err != nil {
		t.Fatal(err)
	}
	mn, err := a.Mnemonic()
	if err != nil || len(strings.Fields(mn)) != 24 {
		t.Fatalf("mnemonic %d words, %v", len(strings.Fields(mn)), err)
	}
	if err := a.Lock(); err != nil {
		t.Fatal(err)
	}
	if err := a.ChangePassphrase("secret", "newer"); err != nil {
		t.Fatal(err)
	}
	// Nothing private is stored in the clear.
	it := a.db.NewIterator(nil, nil)
	for it.Next() {
		if strings.Contains(string(it.Value()), "tprv") || strings.Contains(string(it.Value()), strings.Fields(mn)[0]+" "+strings.Fields(mn)[1]) {
			t.Fatalf("plaintext secret under key %q", it.Key())
		}
	}
	it.Release()
	// Reload: still encrypted, new passphrase works, old one does not.
	if err := n.mgr.Unload("a"); err != nil {
		t.Fatal(err)
	}
	a, err = n.mgr.Load("a")
	if err != nil {
		t.Fatal(err)
	}
	if !a.IsLocked() {
		t.Fatal("reloaded wallet not locked")
	}
	if err := a.Unlock("secret", 0); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase: %v", err)
	}
	if err := a.Unlock("newer", 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ListDescriptors(true); err != nil {
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond)
	if !a.IsLocked() {
		t.Fatal("wallet did not relock after the timeout")
	}
	// Encrypted at creation.
	e, err := n.mgr.Create("enc", CreateOptions{Passphrase: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	if !e.IsLocked() {
		t.Fatal("wallet created with a passphrase is not locked")
	}
	if err := e.Encrypt("x"); !errors.Is(err, ErrAlreadyEncrypted) {
		t.Fatalf("double encrypt: %v", err)
	}
}

func TestReorg(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	b, _ := n.mgr.Create("b", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 101)
	dest := mustAddr(t, b, TypeBech32).ScriptPubKey()
	res, err := a.Send([]Recipient{{Script: dest, Amount: btc(2)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	n.mine(mine, 1)
	if b.Balances().Trusted != btc(2) {
		t.Fatal("not confirmed")
	}
	n.disconnect()
	ti, _ := b.Transaction(res.TxID)
	if ti.Confirmations != 0 || ti.BlockHeight != -1 {
		t.Fatalf("after disconnect: conf %d height %d", ti.Confirmations, ti.BlockHeight)
	}
	if got := b.Balances(); got.Trusted != 0 || got.UntrustedPending != btc(2) {
		t.Fatalf("b after disconnect %+v", got)
	}
	// The disconnected block's coinbase is no longer counted.
	// Heights 2..101 are immature at tip 101; the coinbase of 102 is gone.
	if got := a.Balances(); got.Immature != btc(50)*100 {
		t.Fatalf("a immature after disconnect %s", fmtSat(got.Immature))
	}
	// A conflicting spend confirmed instead: the wallet sees the conflict.
	ti0, _ := a.Transaction(res.TxID)
	in := ti0.Tx.Inputs[0]
	wtx := a.txs[in.PrevOut.Hash]
	prev := wtx.tx.Outputs[in.PrevOut.Index]
	conflict := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{PrevOut: in.PrevOut, Sequence: SequenceRBF}},
		Outputs: []primitives.TxOut{{Value: prev.Value - 5000, ScriptPubKey: mine}}}
	if ok, _, err := a.SignTransaction(conflict, nil); !ok || err != nil {
		t.Fatalf("sign conflict: %v %v", ok, err)
	}
	n.mempool = []*primitives.Tx{conflict}
	n.mine(mine, 2)
	ti, _ = b.Transaction(res.TxID)
	if ti.Confirmations >= 0 {
		// b does not see the conflict (the input is not b's); a does.
	}
	ta, _ := a.Transaction(res.TxID)
	if ta.Confirmations != -2 {
		t.Fatalf("conflicted tx confirmations %d, want -2", ta.Confirmations)
	}
}

func TestCrashSafeReopen(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 105)
	res, err := a.Send([]Recipient{{Script: mustAddr(t, a, TypeLegacy).ScriptPubKey(), Amount: btc(7)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	wantBal := a.Balances()
	wantTxs := a.TxCount()
	// Close without unloading the manager (the process dies after the
	// synced writes), then open a new manager over the same directory.
	if err := a.db.Close(); err != nil {
		t.Fatal(err)
	}
	a.closed = true
	n.mgr.mu.Lock()
	delete(n.mgr.wallets, "a")
	n.mgr.order = nil
	n.mgr.mu.Unlock()
	n.open()
	a2, err := n.mgr.Load("a")
	if err != nil {
		t.Fatal(err)
	}
	if got := a2.Balances(); got != wantBal || a2.TxCount() != wantTxs {
		t.Fatalf("after reopen %+v (%d txs), want %+v (%d)", got, a2.TxCount(), wantBal, wantTxs)
	}
	if _, ok := a2.Transaction(res.TxID); !ok {
		t.Fatal("sent transaction lost")
	}
	// The pending send is handed to the mempool again after a restart.
	n.mempool = nil
	if got := n.mgr.ResubmitPending(); got != 1 || len(n.mempool) != 1 || n.mempool[0].TxHash() != res.TxID {
		t.Fatalf("resubmitted %d", got)
	}
	// Blocks mined while the wallet was closed are caught up at load.
	if err := n.mgr.Unload("a"); err != nil {
		t.Fatal(err)
	}
	n.mine(mine, 3)
	a3, err := n.mgr.Load("a")
	if err != nil {
		t.Fatal(err)
	}
	if _, h := a3.BestBlock(); h != n.chain.BestHeight() {
		t.Fatalf("wallet height %d, chain %d", h, n.chain.BestHeight())
	}
	ti, _ := a3.Transaction(res.TxID)
	if ti.Confirmations != 3 {
		t.Fatalf("confirmations after catch-up %d", ti.Confirmations)
	}
}

func TestImportAndDump(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	for _, typ := range OutputTypes {
		addr := mustAddr(t, a, typ)
		secret, compressed, err := a.DumpPrivKey(addr.ScriptPubKey())
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if !compressed || len(secret) != 32 {
			t.Fatalf("%s: bad key", typ)
		}
	}
	// importprivkey into a blank wallet, then find a payment to it.
	b, _ := n.mgr.Create("b", CreateOptions{Blank: true})
	if _, err := b.NewAddress(TypeBech32, ""); !errors.Is(err, ErrNoKeys) {
		t.Fatalf("blank wallet gave an address: %v", err)
	}
	addr := mustAddr(t, a, TypeBech32)
	secret, _, _ := a.DumpPrivKey(addr.ScriptPubKey())
	wif := address.EncodeWIF(secp256k1PrivKey(secret), true, n.chain.params)
	added, err := b.ImportPrivKey(wif, true, "imported")
	if err != nil || len(added) != 3 {
		t.Fatalf("import: %v %v", added, err)
	}
	if !b.IsMine(addr.ScriptPubKey()) {
		t.Fatal("imported key's wpkh address not mine")
	}
	if l, ok := b.Label(addr.ScriptPubKey()); !ok || l != "imported" {
		t.Fatalf("label %q %v", l, ok)
	}
	// importdescriptors of a's public descriptor into a watch-only wallet.
	wo, err := n.mgr.Create("wo", CreateOptions{DisablePrivateKeys: true})
	if err != nil {
		t.Fatal(err)
	}
	descs, _ := a.ListDescriptors(false)
	for _, d := range descs {
		if d.Active {
			if _, _, err := wo.ImportDescriptor(ImportRequest{Descriptor: d.Descriptor, Active: true, Internal: d.Internal, HasRange: true, RangeEnd: 30}); err != nil {
				t.Fatalf("import %s: %v", d.Descriptor, err)
			}
		}
	}
	n.mine(addr.ScriptPubKey(), 1)
	if wo.TxCount() != 1 || b.TxCount() != 1 || a.TxCount() != 1 {
		t.Fatalf("tx counts a %d b %d wo %d", a.TxCount(), b.TxCount(), wo.TxCount())
	}
	if _, err := wo.ListDescriptors(true); !errors.Is(err, ErrPrivateKeysDisabled) {
		t.Fatalf("watch-only private listing: %v", err)
	}
}

func TestSignMessage(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	addr := mustAddr(t, a, TypeLegacy)
	sig, err := a.SignMessage(addr.ScriptPubKey(), "hello")
	if err != nil {
		t.Fatal(err)
	}
	h := MessageHash("hello")
	rs := append(append([]byte{}, sig[1:]...), sig[0]-27-4)
	pub, err := crypto.RecoverPubKey(h[:], rs)
	if err != nil {
		t.Fatal(err)
	}
	if got := address.NewP2PKHFromPubKey(pub.SerializeCompressed(), n.chain.params); got.String() != addr.String() {
		t.Fatalf("recovered %s want %s", got, addr)
	}
	if _, err := a.SignMessage(mustAddr(t, a, TypeBech32).ScriptPubKey(), "x"); !errors.Is(err, ErrInvalidAddressOrKey) {
		t.Fatalf("segwit signmessage: %v", err)
	}
}

func TestBumpFee(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 101)
	dest := mustAddr(t, a, TypeBech32m).ScriptPubKey()
	res, err := a.Send([]Recipient{{Script: dest, Amount: btc(1)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	before := a.Balances()
	br, err := a.BumpFee(res.TxID, FundOptions{FeeRate: 50_000})
	if err != nil {
		t.Fatal(err)
	}
	if br.Fee <= br.OrigFee || br.OrigFee != res.Fee {
		t.Fatalf("bump fees %d -> %d (orig %d)", br.OrigFee, br.Fee, res.Fee)
	}
	after := a.Balances()
	if before.Trusted-after.Trusted != br.Fee-br.OrigFee {
		t.Fatalf("balance change %d, want %d", before.Trusted-after.Trusted, br.Fee-br.OrigFee)
	}
	if _, err := a.BumpFee(res.TxID, FundOptions{FeeRate: 60_000}); err == nil {
		t.Fatal("bumped a replaced transaction")
	}
	n.mempool = n.mempool[1:] // the replacement evicts the original
	n.mine(mine, 1)
	ti, _ := a.Transaction(br.TxID)
	if ti.Confirmations != 1 {
		t.Fatal("replacement not confirmed")
	}
	orig, _ := a.Transaction(res.TxID)
	if orig.Confirmations != -1 {
		t.Fatalf("original confirmations %d, want -1", orig.Confirmations)
	}
}

func TestFeeRateSelection(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	r, _, err := a.FeeRate(DefaultFundOptions())
	if err != nil || r != regtestFallbackFee {
		t.Fatalf("fallback fee %d %v", r, err)
	}
	if err := a.SetPayTxFee(5000); err != nil {
		t.Fatal(err)
	}
	if r, _, _ := a.FeeRate(DefaultFundOptions()); r != 5000 {
		t.Fatalf("settxfee rate %d", r)
	}
	o := DefaultFundOptions()
	o.FeeRate = 2500
	if r, _, _ := a.FeeRate(o); r != 2500 {
		t.Fatalf("explicit rate %d", r)
	}
	o.FeeRate = 500
	if _, _, err := a.FeeRate(o); !errors.Is(err, ErrInvalidParameter) {
		t.Fatalf("below min relay: %v", err)
	}
	// Max fee.
	n.mine(mustAddr(t, a, TypeBech32).ScriptPubKey(), 101)
	o = DefaultFundOptions()
	o.FeeRate = 100_000_000
	if _, err := a.Send([]Recipient{{Script: mustAddr(t, a, TypeBech32).ScriptPubKey(), Amount: btc(1)}}, o); !errors.Is(err, ErrFeeTooHigh) {
		t.Fatalf("max fee: %v", err)
	}
}

func TestAvoidReuse(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{AvoidReuse: true})
	b, _ := n.mgr.Create("b", CreateOptions{})
	addr := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mustAddr(t, b, TypeBech32).ScriptPubKey(), 101)
	// Two payments to the same address of a; a spends one of them.
	for i := 0; i < 2; i++ {
		if _, err := b.Send([]Recipient{{Script: addr, Amount: btc(1)}}, DefaultFundOptions()); err != nil {
			t.Fatal(err)
		}
	}
	n.mine(mustAddr(t, b, TypeBech32).ScriptPubKey(), 1)
	if _, err := a.Send([]Recipient{{Script: mustAddr(t, b, TypeBech32).ScriptPubKey(), Amount: btc(0.5)}}, DefaultFundOptions()); err != nil {
		t.Fatal(err)
	}
	n.mine(mustAddr(t, b, TypeBech32).ScriptPubKey(), 1)
	bal := a.Balances()
	if bal.Used != btc(1) {
		t.Fatalf("used balance %s, want 1 BTC on the reused address (%+v)", fmtSat(bal.Used), bal)
	}
	// The used coin is not selected by default.
	if _, err := a.Send([]Recipient{{Script: mustAddr(t, b, TypeBech32).ScriptPubKey(), Amount: btc(0.9)}}, DefaultFundOptions()); !errors.Is(err, ErrInsufficientFunds) {
		t.Fatalf("spent a used coin: %v", err)
	}
	o := DefaultFundOptions()
	o.AllowUsed = true
	if _, err := a.Send([]Recipient{{Script: mustAddr(t, b, TypeBech32).ScriptPubKey(), Amount: btc(0.9)}}, o); err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentSends(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	n.mine(mustAddr(t, a, TypeBech32).ScriptPubKey(), 110)
	dest := mustAddr(t, a, TypeBech32m).ScriptPubKey()
	var mu sync.Mutex
	var txs []*primitives.Tx
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := a.Send([]Recipient{{Script: dest, Amount: btc(1)}}, DefaultFundOptions())
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			txs = append(txs, res.Tx)
			mu.Unlock()
		}()
	}
	// Readers run meanwhile.
	for i := 0; i < 20; i++ {
		a.Balances()
		a.Unspent()
	}
	wg.Wait()
	spent := make(map[primitives.OutPoint]bool)
	for _, tx := range txs {
		for _, in := range tx.Inputs {
			if spent[in.PrevOut] {
				t.Fatalf("outpoint %v spent twice", in.PrevOut)
			}
			spent[in.PrevOut] = true
		}
	}
	if len(txs) != 8 {
		t.Fatalf("%d sends", len(txs))
	}
}
