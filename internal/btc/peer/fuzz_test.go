package peer

import (
	"testing"
	"testing/synctest"

	"github.com/twinchain/twinchain/internal/btc/wire"
)

// FuzzReadSide feeds arbitrary bytes to a peer's read side after the
// handshake: the peer must not panic, and it either survives or ends with
// an error; when the remote then hangs up, every goroutine exits (the
// synctest bubble only returns when they have).
func FuzzReadSide(f *testing.F) {
	seeds := [][]byte{
		frame(wire.CmdPing, []byte{1, 2, 3, 4, 5, 6, 7, 8}),
		frame(wire.CmdInv, []byte{1, 1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}),
		frame(wire.CmdInv, []byte{2, 1}),
		frame("foo", nil),
		frame(wire.CmdVersion, nil),
		frame(wire.CmdSendCmpct, []byte{1, 2, 0, 0, 0, 0, 0, 0, 0}),
		frame(wire.CmdFeeFilter, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}),
		frame(wire.CmdAddr, []byte{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4, 0x20, 0x8d}),
		append(frame(wire.CmdPong, make([]byte, 8)), frame(wire.CmdSendHeaders, nil)...),
		{0xfa, 0xbf, 0xb5, 0xda, 'b', 'l', 'o', 'c', 'k', 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff},
		[]byte("garbage"),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		synctest.Test(t, func(t *testing.T) {
			cfg := testConfig(1)
			cfg.Handler = HandlerFunc(func(p *Peer, msg wire.Message) {
				if _, ok := msg.(*wire.MsgGetAddr); ok {
					p.QueueMessage(&wire.MsgAddrV2{})
				}
			})
			p, fk := startInbound(t, t.Context(), cfg)
			fk.conn.Write(data)
			fk.conn.Close()
			<-p.Done()
			if p.Err() == nil {
				t.Fatal("done without an error")
			}
		})
	})
}
