package wallet

import (
	"context"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/mining"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/psbt"
)

// realNode runs the wallet against the real validating chain
// (internal/btc/blockchain) and block assembly (internal/btc/mining), so every
// transaction the wallet makes passes consensus validation, scripts included.
type realNode struct {
	t       *testing.T
	params  *chaincfg.Params
	chain   *blockchain.Chain
	gen     *mining.Generator
	mgr     *Manager
	pending []*primitives.Tx
}

func (n *realNode) BroadcastTransaction(tx *primitives.Tx) error {
	n.pending = append(n.pending, tx)
	n.mgr.TxAccepted(tx)
	return nil
}

func newRealNode(t *testing.T) *realNode {
	p := chaincfg.RegTest()
	c, err := blockchain.Open(blockchain.Options{Params: p, DataDir: t.TempDir(), DBCacheMiB: 4})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	n := &realNode{t: t, params: p, chain: c}
	n.gen = mining.New(mining.Config{Params: p, Chain: mining.NewChainView(c)})
	n.mgr, err = NewManager(ManagerConfig{Params: p, Dir: t.TempDir(), Chain: c, Broadcaster: n, Keypool: 10, ScryptN: 1 << 10})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.mgr.Close() })
	c.Subscribe(func(nt blockchain.Notification) {
		switch nt.Type {
		case blockchain.NTBlockConnected:
			n.mgr.BlockConnected(nt.Block, nt.Height)
		case blockchain.NTBlockDisconnected:
			n.mgr.BlockDisconnected(nt.Block, nt.Height)
		}
	})
	return n
}

// mine mines one block with the pending transactions (or count empty
// blocks) paying spk.
func (n *realNode) mine(spk []byte, count int) {
	n.t.Helper()
	for i := 0; i < count; i++ {
		tmpl, err := n.gen.NewTemplateWithTxs(spk, n.pending)
		if err != nil {
			n.t.Fatal(err)
		}
		n.pending = nil
		blk := tmpl.Block
		for !consensus.CheckProofOfWork(blk.BlockHash(), blk.Header.Bits, n.params) {
			blk.Header.Nonce++
		}
		if err := n.chain.ProcessBlock(blk); err != nil {
			n.t.Fatalf("block rejected: %v", err)
		}
	}
}

func TestRealChainSendEveryType(t *testing.T) {
	n := newRealNode(t)
	a, err := n.mgr.Create("a", CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := n.mgr.Create("b", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 101)
	if got := a.Balances(); got.Trusted != btc(50) || got.Immature != btc(50)*100 {
		t.Fatalf("after 101 blocks %+v", got)
	}
	// a pays each output type of b (a's change goes to its internal
	// chain), the chain validates the block.
	var recips []Recipient
	for _, typ := range OutputTypes {
		recips = append(recips, Recipient{Script: mustAddr(t, b, typ).ScriptPubKey(), Amount: btc(2)})
	}
	res, err := a.Send(recips, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	n.mine(mine, 1)
	if got := b.Balances(); got.Trusted != btc(8) {
		t.Fatalf("b after confirm %+v", got)
	}
	ti, _ := a.Transaction(res.TxID)
	if ti.Confirmations != 1 || ti.BlockHeight != 102 {
		t.Fatalf("a's send: conf %d height %d", ti.Confirmations, ti.BlockHeight)
	}
	// b spends one coin of every type (P2PKH, P2SH-P2WPKH, P2WPKH, P2TR
	// key path) in one transaction, to every type of a.
	var back []Recipient
	for _, typ := range OutputTypes {
		back = append(back, Recipient{Script: mustAddr(t, a, typ).ScriptPubKey(), Amount: btc(1.9)})
	}
	res2, err := b.Send(back, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res2.Tx.Inputs) != 4 {
		t.Fatalf("b used %d inputs", len(res2.Tx.Inputs))
	}
	n.mine(mine, 1)
	if got := b.Balances(); got.Trusted != btc(8)-btc(7.6)-res2.Fee || got.UntrustedPending != 0 {
		t.Fatalf("b after spending %+v (fee %d)", got, res2.Fee)
	}
	// A reorg through the real chain: invalidate the tip block.
	if err := n.chain.InvalidateBlock(n.chain.BestHash()); err != nil {
		t.Fatal(err)
	}
	ti2, _ := b.Transaction(res2.TxID)
	if ti2.Confirmations != 0 {
		t.Fatalf("after invalidate conf %d", ti2.Confirmations)
	}
	if _, h := b.BestBlock(); h != 102 {
		t.Fatalf("wallet height after invalidate %d", h)
	}
	n.pending = []*primitives.Tx{res2.Tx}
	// Another coinbase script, so the block differs from the invalid one.
	n.mine(mustAddr(t, a, TypeLegacy).ScriptPubKey(), 1)
	ti2, _ = b.Transaction(res2.TxID)
	if ti2.Confirmations != 1 {
		t.Fatalf("after re-mine conf %d", ti2.Confirmations)
	}
	// Rescan from scratch in a new wallet holding a's descriptors finds
	// the same history.
	descs, _ := a.ListDescriptors(true)
	c, _ := n.mgr.Create("c", CreateOptions{Blank: true})
	for _, d := range descs {
		if _, _, err := c.ImportDescriptor(ImportRequest{Descriptor: d.Descriptor, Active: d.Active, Internal: d.Internal, Timestamp: 1}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := c.Rescan(0, -1); err != nil {
		t.Fatal(err)
	}
	// a also remembers the coinbase of the invalidated block (abandoned).
	if c.TxCount() != a.TxCount()-1 || c.Balances() != a.Balances() {
		t.Fatalf("rescanned wallet: %d txs %+v, a: %d txs %+v", c.TxCount(), c.Balances(), a.TxCount(), a.Balances())
	}
}

func TestRealChainPSBTEveryType(t *testing.T) {
	n := newRealNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	b, _ := n.mgr.Create("b", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 101)
	var recips []Recipient
	for _, typ := range OutputTypes {
		recips = append(recips, Recipient{Script: mustAddr(t, b, typ).ScriptPubKey(), Amount: btc(2)})
	}
	if _, err := a.Send(recips, DefaultFundOptions()); err != nil {
		t.Fatal(err)
	}
	n.mine(mine, 1)
	// b funds a PSBT spending all four coins, fills and signs it through
	// the psbt package's signer, finalizes and extracts.
	tmpl := &primitives.Tx{Version: 2, Outputs: []primitives.TxOut{{Value: btc(7.5), ScriptPubKey: mustAddr(t, a, TypeBech32m).ScriptPubKey()}}}
	fr, err := b.Fund(tmpl, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(fr.Tx.Inputs) != 4 {
		t.Fatalf("%d inputs", len(fr.Tx.Inputs))
	}
	pk, err := psbt.New(fr.Tx)
	if err != nil {
		t.Fatal(err)
	}
	// First only update (no keys), as walletcreatefundedpsbt does.
	if complete, err := b.FillPSBT(pk, PSBTOptions{Bip32Derivs: true}); err != nil || complete {
		t.Fatalf("update: complete=%v err=%v", complete, err)
	}
	for i, in := range pk.Inputs {
		if in.NonWitnessUTXO == nil || (len(in.Bip32Derivation) == 0 && len(in.TapBip32Derivation) == 0) {
			t.Fatalf("input %d lacks utxo or origins: %+v", i, in)
		}
	}
	// Round trip through the serialized form, then sign and finalize.
	pk, err = psbt.DecodeBase64(pk.Base64())
	if err != nil {
		t.Fatal(err)
	}
	complete, err := b.FillPSBT(pk, PSBTOptions{Sign: true, Bip32Derivs: true, Finalize: true})
	if err != nil || !complete {
		t.Fatalf("sign: complete=%v err=%v", complete, err)
	}
	final, err := pk.Extract()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Broadcast(final); err != nil {
		t.Fatal(err)
	}
	n.mine(mine, 1) // the chain validates every input
	if got := b.Balances(); got.Trusted != btc(8)-btc(7.5)-fr.Fee {
		t.Fatalf("b after PSBT spend %+v fee %d", got, fr.Fee)
	}
}
