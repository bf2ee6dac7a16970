package ethpeer

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

// FuzzPeerMessages feeds one arbitrary message after the handshake to a
// peer serving a chain: it must not panic, and if it ends, the reason is one
// of the documented kinds.
func FuzzPeerMessages(f *testing.F) {
	chain := newFakeChain(8)
	f.Add(byte(ethwire.GetBlockHeadersCode), ethwire.EncodeMessage(&ethwire.GetBlockHeaders{RequestID: 1, Origin: ethwire.HashOrNumber{Number: 2}, Amount: 5, Skip: 1}))
	f.Add(byte(ethwire.GetBlockHeadersCode), ethwire.EncodeMessage(&ethwire.GetBlockHeaders{RequestID: 1, Origin: ethwire.HashOrNumber{Hash: chain.headers[5].Hash()}, Amount: 9, Reverse: true}))
	f.Add(byte(ethwire.GetBlockBodiesCode), ethwire.EncodeMessage(&ethwire.GetBlockBodies{RequestID: 2, Hashes: []ethtypes.Hash{chain.headers[1].Hash()}}))
	f.Add(byte(ethwire.GetReceiptsCode), ethwire.EncodeMessage(&ethwire.GetReceipts{RequestID: 3, Hashes: []ethtypes.Hash{chain.headers[1].Hash()}}))
	f.Add(byte(ethwire.NewBlockHashesCode), ethwire.EncodeMessage(&ethwire.NewBlockHashes{Blocks: []ethwire.BlockAnnounce{{Number: 1}}}))
	f.Add(byte(ethwire.BlockHeadersCode), ethwire.EncodeMessage(&ethwire.BlockHeaders{RequestID: 9}))
	f.Add(byte(ethwire.PingCode), []byte{0xc1, 0x01})
	f.Fuzz(func(t *testing.T, code byte, payload []byte) {
		if len(payload) > 1<<16 {
			return
		}
		cfg := testConfig("f", chain, nil)
		c1, c2 := net.Pipe()
		p := New(c1, cfg, true)
		started := make(chan error, 1)
		go func() { started <- p.Start(context.Background()) }()
		defer func() {
			p.Disconnect("done")
			c2.Close()
			<-p.Done()
		}()
		// Drain whatever the peer writes.
		go func() {
			for {
				if _, _, _, err := ethwire.ReadFrame(c2, 0); err != nil {
					return
				}
			}
		}()
		c2.SetWriteDeadline(time.Now().Add(waitLong))
		if _, err := c2.Write(ethwire.AppendMessage(nil, status(cfg))); err != nil {
			t.Fatal(err)
		}
		if err := <-started; err != nil {
			t.Fatal(err)
		}
		c2.Write(ethwire.AppendFrame(nil, ethwire.Code(code), payload))
		// A ping round trip orders the check after the message.
		c2.Write(ethwire.AppendMessage(nil, &ethwire.Ping{Nonce: 1}))
		if err := p.Err(); err != nil && !errors.Is(err, ErrMisbehaving) && !errors.Is(err, ErrProtocol) &&
			!errors.Is(err, ErrRemoteDisconnect) {
			t.Fatalf("ended with %v", err)
		}
	})
}
