package peer

import (
	"net"
	"sync/atomic"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/wire"
)

// counter is a Handler counting messages and signalling when target is
// reached.
type counter struct {
	n      atomic.Int64
	target int64
	done   chan struct{}
}

func (c *counter) OnMessage(*Peer, wire.Message) {
	if c.n.Add(1) == c.target {
		close(c.done)
	}
}

// tcpPair starts two peers over loopback TCP; b's handler is h.
func tcpPair(b *testing.B, h Handler) (*Peer, *Peer) {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Skipf("no loopback: %v", err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			accepted <- c
		}
	}()
	c1, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	cfgB := testConfig(2)
	cfgB.Handler = h
	pa, pb, errA, errB := startPair(b, b.Context(), c1, <-accepted, testConfig(1), cfgB)
	if errA != nil || errB != nil {
		b.Fatal(errA, errB)
	}
	return pa, pb
}

// BenchmarkInvThroughput sends b.N one-entry inv messages from one peer to
// another over loopback TCP.
func BenchmarkInvThroughput(b *testing.B) {
	c := &counter{target: int64(b.N), done: make(chan struct{})}
	pa, pb := tcpPair(b, c)
	defer stop(b, pa, pb)
	msgs := make([]wire.MsgInv, b.N)
	for i := range msgs {
		msgs[i].List = []wire.InvVect{{Type: wire.InvWTx, Hash: txHash(i)}}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range msgs {
		if err := pa.QueueMessage(&msgs[i]); err != nil {
			b.Fatal(err)
		}
	}
	<-c.done
}

// bigBlock returns a valid block serialization of about size bytes.
func bigBlock(size int) []byte {
	tx := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{Sequence: primitives.SequenceFinal}}}
	for range size / 1010 {
		tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: 1, ScriptPubKey: make([]byte, 1000)})
	}
	blk := &primitives.Block{Txs: []*primitives.Tx{tx}}
	return blk.AppendTo(nil)
}

// BenchmarkBlockThroughput relays b.N 1-MB blocks, framed once
// (QueueFramed), from one peer to another over loopback TCP; the receiver
// decodes each block.
func BenchmarkBlockThroughput(b *testing.B) {
	raw := bigBlock(1 << 20)
	if _, err := primitives.DecodeBlock(raw); err != nil {
		b.Fatal(err)
	}
	framed := wire.AppendMessage(nil, testMagic, &wire.MsgBlock{Raw: raw})
	c := &counter{target: int64(b.N), done: make(chan struct{})}
	pa, pb := tcpPair(b, c)
	defer stop(b, pa, pb)
	b.SetBytes(int64(len(framed)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := pa.QueueFramed(wire.CmdBlock, framed); err != nil {
			b.Fatal(err)
		}
	}
	<-c.done
}

// BenchmarkQueueInventory measures queueing and trickling bookkeeping for
// transaction announcements (no network).
func BenchmarkQueueInventory(b *testing.B) {
	c1, c2 := net.Pipe()
	defer c1.Close()
	defer c2.Close()
	p := New(c1, testConfig(1), false)
	b.ReportAllocs()
	for i := range b.N {
		if p.PendingTxInventory() >= DefaultMaxPendingTx-1 {
			p.inv.txs = p.inv.txs[:0]
			clear(p.inv.pending)
		}
		p.QueueInventory(wire.InvVect{Type: wire.InvWTx, Hash: txHash(i)})
	}
}
