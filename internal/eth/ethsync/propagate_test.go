package ethsync

import (
	"fmt"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// relayPeers returns n fake peers serving chain.
func relayPeers(chain *testChain, n int) []*fakePeer {
	out := make([]*fakePeer, n)
	for i := range out {
		out[i] = newFakePeer(fmt.Sprintf("r%d", i), chain.bc)
	}
	return out
}

func TestNewBlockImportAndRelay(t *testing.T) {
	src := newTestChain(t, 1)
	src.mine(t, 5, true)
	local := newTestChain(t, 2)
	src.copyTo(t, local, 4)
	// A side block on 3 first: imported as a side block and relayed too.
	sender := newFakePeer("sender", src.bc)
	others := relayPeers(src, 9)
	s := New(Config{Chain: local.bc})
	s.AddPeer(sender)
	for _, p := range others {
		s.AddPeer(p)
	}
	b5, _ := src.bc.GetBlockByNumber(5)
	sender.known[b5.Hash()] = true // it sent it
	td := src.bc.CurrentTd()
	s.HandleNewBlock(sender, b5, td)
	if local.bc.CurrentHeader().Hash() != b5.Hash() {
		t.Fatal("block not imported")
	}
	full, ann := 0, 0
	for _, p := range others {
		full += len(p.newBlocks)
		ann += len(p.blockAnns)
	}
	if full != 3 || ann != 6 || len(sender.newBlocks)+len(sender.blockAnns) != 0 {
		t.Fatalf("relay: %d full, %d announced, sender got %d", full, ann, len(sender.newBlocks)+len(sender.blockAnns))
	}
	// Relaying again sends nothing: every peer knows it.
	s.BroadcastBlock(b5, td)
	full2 := 0
	for _, p := range others {
		full2 += len(p.newBlocks) + len(p.blockAnns)
	}
	if full2 != 9 {
		t.Fatalf("re-broadcast sent %d more", full2-9)
	}
}

func TestNewBlockSideBlockImported(t *testing.T) {
	src := newTestChain(t, 1)
	src.mine(t, 3, true)
	local := newTestChain(t, 2)
	src.copyTo(t, local, 2)
	local.mine(t, 2, false) // local head 4 on our own 3
	sender := newFakePeer("sender", src.bc)
	s := New(Config{Chain: local.bc})
	s.AddPeer(sender)
	b3, _ := src.bc.GetBlockByNumber(3)
	s.HandleNewBlock(sender, b3, src.bc.CurrentTd())
	if _, ok := local.bc.GetHeaderByHash(b3.Hash()); !ok {
		t.Fatal("side block not stored")
	}
	if local.bc.CurrentHeader().Number != 4 {
		t.Fatal("head moved")
	}
}

func TestNewBlockInvalidPenalised(t *testing.T) {
	src := newTestChain(t, 1)
	src.mine(t, 2, true)
	local := newTestChain(t, 2)
	src.copyTo(t, local, 1)
	p := newFakePeer("p", src.bc)
	s := New(Config{Chain: local.bc})
	s.AddPeer(p)
	b2, _ := src.bc.GetBlockByNumber(2)
	bad := ethtypes.WithBody(b2.Header, &ethtypes.Body{Withdrawals: b2.Withdrawals})
	s.HandleNewBlock(p, bad, src.bc.CurrentTd())
	if score, _ := p.penalty(); score < scoreInvalid {
		t.Fatalf("score %d", score)
	}
	if local.bc.CurrentHeader().Number != 1 {
		t.Fatal("bad block imported")
	}
}

func TestNewBlockUnknownParentSyncs(t *testing.T) {
	src := newTestChain(t, 1)
	src.mine(t, 30, true)
	local := newTestChain(t, 2)
	p := newFakePeer("p", src.bc)
	s, res := startSyncer(t, local.bc, Config{})
	// Register the peer with an old head, so that only the new block
	// makes it worth syncing from.
	g := local.bc.Genesis()
	p.setHead(g.Hash(), local.bc.CurrentTd())
	s.AddPeer(p)
	head := src.bc.CurrentBlock()
	p.setHead(head.Hash(), src.bc.CurrentTd())
	s.HandleNewBlock(p, head, src.bc.CurrentTd())
	waitSyncTo(t, res, 30)
	waitHead(t, local.bc, head.Hash())
}

func TestNewBlockHashesFetched(t *testing.T) {
	src := newTestChain(t, 1)
	src.mine(t, 3, true)
	local := newTestChain(t, 2)
	src.copyTo(t, local, 2)
	p := newFakePeer("p", src.bc)
	s, _ := startSyncer(t, local.bc, Config{})
	p.setHead(local.bc.CurrentHeader().Hash(), local.bc.CurrentTd())
	s.AddPeer(p)
	b3, _ := src.bc.GetBlockByNumber(3)
	s.HandleNewBlockHashes(p, []ethtypes.Hash{b3.Hash()}, []uint64{3})
	waitHead(t, local.bc, b3.Hash())
}

func TestTxBroadcast(t *testing.T) {
	src := newTestChain(t, 1)
	peers := relayPeers(src, 4)
	s := New(Config{Chain: src.bc, Pool: newFakePool()})
	for _, p := range peers {
		s.AddPeer(p)
	}
	txs := ethtypes.Transactions{transferTx(t, 0, 1), transferTx(t, 1, 1)}
	peers[0].knownTx[txs[0].Hash()] = true
	s.BroadcastTxs(txs)
	full := map[ethtypes.Hash]int{}
	ann := map[ethtypes.Hash]int{}
	for _, p := range peers {
		for _, h := range p.sentTxs {
			full[h]++
		}
		for _, h := range p.annTxs {
			ann[h]++
		}
	}
	// tx0: 3 peers without it: 1 full, 2 announced; tx1: 4: 2 and 2.
	if full[txs[0].Hash()] != 1 || ann[txs[0].Hash()] != 2 || full[txs[1].Hash()] != 2 || ann[txs[1].Hash()] != 2 {
		t.Fatalf("full %v, announced %v", full, ann)
	}
	if len(peers[0].sentTxs)+len(peers[0].annTxs) != 1 {
		t.Fatal("tx0 sent to the peer that knows it")
	}
}

func TestTxHandling(t *testing.T) {
	src := newTestChain(t, 1)
	pool := newFakePool()
	s, _ := startSyncer(t, src.bc, Config{Pool: pool})
	p := newFakePeer("p", src.bc)
	s.AddPeer(p)
	tx0, tx1, tx2 := transferTx(t, 0, 1), transferTx(t, 1, 1), transferTx(t, 2, 1)
	s.HandleTransactions(p, ethtypes.Transactions{tx0})
	if !pool.Has(tx0.Hash()) {
		t.Fatal("tx0 not added")
	}
	p.txs[tx1.Hash()] = tx1
	p.txs[tx2.Hash()] = tx2
	s.HandleTxHashes(p, []byte{2, 2, 2}, []uint32{100, 100, 100}, []ethtypes.Hash{tx0.Hash(), tx1.Hash(), tx2.Hash()})
	guard := time.After(10 * time.Second)
	for !pool.Has(tx1.Hash()) || !pool.Has(tx2.Hash()) {
		select {
		case <-pool.add:
		case <-guard:
			t.Fatal("announced transactions not fetched")
		}
	}
	// An answer with a transaction that was not asked for is misbehaviour.
	evil := newFakePeer("evil", src.bc)
	s.AddPeer(evil)
	tx3 := transferTx(t, 3, 1)
	evil.txs[tx3.Hash()] = tx0 // answers tx0 for tx3
	s.HandleTxHashes(evil, []byte{2}, []uint32{100}, []ethtypes.Hash{tx3.Hash()})
	select {
	case <-evil.penalised:
	case <-time.After(10 * time.Second):
	}
	if score, _ := evil.penalty(); score < scoreInvalid {
		t.Fatalf("evil peer score %d", score)
	}
}
