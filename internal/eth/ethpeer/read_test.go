package ethpeer

import (
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

// TestBadFrames disconnects on framing errors (without discouraging) and
// punishes malformed messages.
func TestBadFrames(t *testing.T) {
	good := ethwire.AppendMessage(nil, &ethwire.Ping{Nonce: 1})
	badSum := append([]byte{}, good...)
	badSum[len(badSum)-1] ^= 1
	badMagic := append([]byte{}, good...)
	badMagic[0] = 'X'
	oversized := append([]byte{}, good[:ethwire.FrameHeaderSize]...)
	binary.BigEndian.PutUint32(oversized[5:], ethwire.MaxMessageSize+1)
	overLimit := ethwire.AppendFrame(nil, ethwire.TransactionsCode, make([]byte, 2000))

	tests := []struct {
		name       string
		frame      []byte
		want       ErrorKind
		discourage bool
	}{
		{"bad checksum", badSum, ErrProtocol, false},
		{"bad magic", badMagic, ErrProtocol, false},
		{"oversized frame", oversized, ErrProtocol, false},
		{"over the configured limit", overLimit, ErrProtocol, false},
		{"malformed payload", ethwire.AppendFrame(nil, ethwire.PingCode, []byte{0x05}), ErrMisbehaving, true},
		{"too many hashes", ethwire.AppendMessage(nil, &ethwire.GetPooledTransactions{Hashes: make([]ethtypes.Hash, ethwire.MaxHashes+1)}), ErrMisbehaving, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig("p", newFakeChain(3), nil)
			if tc.name == "over the configured limit" {
				cfg.MaxMessageSize = 1024
			}
			p, r, started := newRaw(t, cfg, true)
			r.handshake(cfg, started)
			r.writeFrame(tc.frame)
			waitDone(t, p)
			if err := p.Err(); !errors.Is(err, tc.want) {
				t.Fatalf("Err = %v, want %v", err, tc.want)
			}
			if p.ShouldDiscourage() != tc.discourage {
				t.Fatalf("discourage = %v", p.ShouldDiscourage())
			}
		})
	}
}

// TestUnknownCodeIgnored skips messages of unknown codes.
func TestUnknownCodeIgnored(t *testing.T) {
	cfg := testConfig("p", newFakeChain(3), nil)
	p, r, started := newRaw(t, cfg, true)
	r.handshake(cfg, started)
	r.writeFrame(ethwire.AppendFrame(nil, 0x30, []byte{0xc0}))
	r.write(&ethwire.Ping{Nonce: 5})
	if pong, ok := r.next().(*ethwire.Pong); !ok || pong.Nonce != 5 {
		t.Fatalf("got %+v", pong)
	}
	if p.Err() != nil {
		t.Fatal(p.Err())
	}
}

// TestAnnouncements delivers announcements to the Backend, marks the items
// known and follows the peer's head on NewBlock.
func TestAnnouncements(t *testing.T) {
	chainA, chainB := newFakeChain(3), newFakeChain(3)
	beA := newRecBackend()
	a, b, errA, errB := startPair(t, testConfig("a", chainA, beA), testConfig("b", chainB, nil))
	if errA != nil || errB != nil {
		t.Fatalf("Start: %v / %v", errA, errB)
	}
	<-beA.ready

	blk := ethtypes.NewBlock(&ethtypes.Header{Number: 3, ParentHash: chainB.headers[2].Hash(), Difficulty: u256(5)},
		ethtypes.Transactions{testTx(50)}, nil, nil)
	_, td0 := a.Head()
	td := u256(1 << 40)
	if err := b.SendNewBlock(blk, td); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-beA.blocks:
		if got.Hash() != blk.Hash() {
			t.Fatal("wrong block")
		}
	case <-time.After(waitLong):
		t.Fatal("no block")
	}
	if h, htd := a.Head(); h != blk.Hash() || htd != td {
		t.Fatalf("head not updated: %x %v (was td %v)", h[:4], htd, td0)
	}
	if !a.KnowsBlock(blk.Hash()) || !b.KnowsBlock(blk.Hash()) {
		t.Fatal("block not known on both sides")
	}
	// A NewBlock with a lower td does not move the head back.
	low := ethtypes.NewBlock(&ethtypes.Header{Number: 2, Extra: []byte("low")}, nil, nil, nil)
	b.SendNewBlock(low, u256(1))
	<-beA.blocks
	if h, _ := a.Head(); h != blk.Hash() {
		t.Fatal("head moved to a block of lower td")
	}

	hashes := []ethtypes.Hash{{7}, {8}}
	if err := b.SendNewBlockHashes(hashes, []uint64{7, 8}); err != nil {
		t.Fatal(err)
	}
	if got := <-beA.hashes; len(got) != 2 || got[1] != hashes[1] || !a.KnowsBlock(hashes[0]) {
		t.Fatalf("hashes %v", got)
	}
	txs := ethtypes.Transactions{testTx(60), testTx(61)}
	if err := b.SendTransactions(txs); err != nil {
		t.Fatal(err)
	}
	if got := <-beA.txs; len(got) != 2 || got[0].Hash() != txs[0].Hash() || !a.KnowsTx(txs[1].Hash()) || !b.KnowsTx(txs[0].Hash()) {
		t.Fatal("transactions not delivered or not known")
	}
	th := []ethtypes.Hash{{0x51}, {0x52}}
	if err := b.SendPooledTransactionHashes([]byte{2, 2}, []uint32{100, 200}, th); err != nil {
		t.Fatal(err)
	}
	if got := <-beA.txHashes; len(got) != 2 || !a.KnowsTx(th[1]) {
		t.Fatalf("tx hashes %v", got)
	}
	if err := b.SendPooledTransactionHashes([]byte{2}, []uint32{100, 200}, th); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("mismatched lists: %v", err)
	}
	if err := b.SendNewBlockHashes(hashes, []uint64{1}); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("mismatched lists: %v", err)
	}
	frame := ethwire.AppendMessage(nil, &ethwire.NewBlockHashes{Blocks: []ethwire.BlockAnnounce{{Hash: ethtypes.Hash{9}, Number: 9}}})
	if err := b.SendFrame(frame); err != nil {
		t.Fatal(err)
	}
	if got := <-beA.hashes; got[0] != (ethtypes.Hash{9}) {
		t.Fatal("pre-framed message not delivered")
	}
}

// TestBlockRelayOnly sends and accepts no transactions.
func TestBlockRelayOnly(t *testing.T) {
	chain := newFakeChain(3)
	be := newRecBackend()
	cfg := testConfig("p", chain, be)
	cfg.BlockRelayOnly = true
	p, r, started := newRaw(t, cfg, true)
	r.handshake(cfg, started)
	if err := p.SendTransactions(ethtypes.Transactions{testTx(1)}); err != nil {
		t.Fatal(err)
	}
	if err := p.SendPooledTransactionHashes([]byte{2}, []uint32{1}, []ethtypes.Hash{{1}}); err != nil {
		t.Fatal(err)
	}
	r.write(&ethwire.Transactions{Txs: ethtypes.Transactions{testTx(2)}})
	r.write(&ethwire.Ping{Nonce: 3})
	if pong, ok := r.next().(*ethwire.Pong); !ok || pong.Nonce != 3 {
		t.Fatalf("first message after the handshake is %+v, want the pong (nothing relayed)", pong)
	}
	if len(be.txs) != 0 {
		t.Fatal("transactions passed to the backend")
	}
}
