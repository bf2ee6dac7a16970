package peer_test

import (
	"context"
	"fmt"
	"net"

	"github.com/twinchain/twinchain/internal/btc/peer"
	"github.com/twinchain/twinchain/internal/btc/wire"
)

// Two peers connected by a pipe: the outbound one sends version first; both
// Start calls return once the handshake is complete. Messages other than
// the peer's own arrive at the Handler.
func Example() {
	regtest := [4]byte{0xfa, 0xbf, 0xb5, 0xda}
	got := make(chan wire.Message, 1)
	cfg := func(id int64, h peer.Handler) peer.Config {
		return peer.Config{
			ID: id, Magic: regtest, UserAgent: "/twinchain:0.1.0/",
			Services: wire.NodeNetwork | wire.NodeWitness, Handler: h,
		}
	}
	c1, c2 := net.Pipe()
	out := peer.New(c1, cfg(1, nil), false)
	in := peer.New(c2, cfg(2, peer.HandlerFunc(func(p *peer.Peer, m wire.Message) { got <- m })), true)
	ctx := context.Background()
	errc := make(chan error, 1)
	go func() { errc <- in.Start(ctx) }()
	if err := out.Start(ctx); err != nil {
		fmt.Println(err)
		return
	}
	if err := <-errc; err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(in.Remote().UserAgent, in.Remote().WTxIDRelay, in.Stats().ConnectionType)

	out.QueueMessage(&wire.MsgGetAddr{})
	fmt.Println((<-got).Command())

	out.Disconnect("example done")
	<-out.Done()
	<-in.Done()
	// Output:
	// /twinchain:0.1.0/ true inbound
	// getaddr
}
